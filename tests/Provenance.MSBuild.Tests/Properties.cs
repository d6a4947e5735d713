using Microsoft.VisualStudio.TestTools.UnitTesting;

// Every test works in its own sandbox; two at a time keep both cores busy while one waits on restore or disk.
[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.MethodLevel)]
