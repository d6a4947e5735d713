using System;
using System.IO;

namespace Provenance.Cli.Tests.Infrastructure
{
    /// <summary>A fresh folder per test, removed afterwards.</summary>
    internal sealed class TempDirectory : IDisposable
    {
        public TempDirectory()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "provenance-cli-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); }
            catch (IOException) { }   // a leftover temp folder must not fail a test
            catch (UnauthorizedAccessException) { }
        }
    }
}
