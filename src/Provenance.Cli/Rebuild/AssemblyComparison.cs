using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;

namespace Provenance.Cli.Rebuild
{
    /// <summary>
    /// Where two builds of one assembly differ, in the terms a person can act on: the MVID (a deterministic build
    /// derives it from the content), PE header, each section, each metadata heap, the debug directory (the PDB path
    /// and id a rebuild at another path changes), and per method body. Only for files both builds wrote.
    /// </summary>
    internal static class AssemblyComparison
    {
        /// <summary>The parts that differ, e.g. "mvid", "section .text", "heap #Strings", "debug codeview: path /a/x.pdb -> /b/x.pdb"; null when either file is not a managed PE.</summary>
        public static IReadOnlyList<string>? Compare(string expectedPath, string rebuiltPath)
        {
            Snapshot? a = Snapshot.Read(expectedPath);
            Snapshot? b = Snapshot.Read(rebuiltPath);
            if (a == null || b == null) return null;
            var differences = new List<string>();
            if (a.Mvid != b.Mvid) differences.Add($"mvid {a.Mvid} -> {b.Mvid}");
            if (a.TimeDateStamp != b.TimeDateStamp) differences.Add($"PE timestamp {a.TimeDateStamp:x8} -> {b.TimeDateStamp:x8} (a deterministic build derives it from the content)");
            Compare("section", a.Sections, b.Sections, differences);
            Compare("heap", a.Heaps, b.Heaps, differences);
            Compare("metadata table", a.Tables, b.Tables, differences);
            Compare("debug", a.Debug, b.Debug, differences);
            int changedBodies = a.MethodBodies.Count(m => b.MethodBodies.TryGetValue(m.Key, out string? other) && other != m.Value);
            int onlyOne = a.MethodBodies.Keys.Except(b.MethodBodies.Keys).Count() + b.MethodBodies.Keys.Except(a.MethodBodies.Keys).Count();
            if (changedBodies > 0 || onlyOne > 0)
            {
                string[] names = a.MethodBodies.Where(m => b.MethodBodies.TryGetValue(m.Key, out string? other) && other != m.Value).Select(m => m.Key).Take(5).ToArray();
                differences.Add($"IL: {changedBodies} method bodies differ{(names.Length > 0 ? " (" + string.Join(", ", names) + (changedBodies > names.Length ? ", ..." : "") + ")" : "")}, {onlyOne} methods in one build only");
            }
            return differences;
        }

        private static void Compare(string what, SortedDictionary<string, string> a, SortedDictionary<string, string> b, List<string> differences)
        {
            foreach (string key in a.Keys.Union(b.Keys).OrderBy(k => k, StringComparer.Ordinal))
            {
                a.TryGetValue(key, out string? va);
                b.TryGetValue(key, out string? vb);
                if (va == vb) continue;
                if (what == "debug") differences.Add($"{what} {key}: {va ?? "(none)"} -> {vb ?? "(none)"}");
                else differences.Add(va == null ? $"{what} {key}: only rebuilt" : vb == null ? $"{what} {key}: only expected" : $"{what} {key}");
            }
        }

        private sealed class Snapshot
        {
            public Guid Mvid;
            public int TimeDateStamp;
            public SortedDictionary<string, string> Sections = new SortedDictionary<string, string>(StringComparer.Ordinal);
            public SortedDictionary<string, string> Heaps = new SortedDictionary<string, string>(StringComparer.Ordinal);
            public SortedDictionary<string, string> Tables = new SortedDictionary<string, string>(StringComparer.Ordinal);
            public SortedDictionary<string, string> Debug = new SortedDictionary<string, string>(StringComparer.Ordinal);
            public Dictionary<string, string> MethodBodies = new Dictionary<string, string>(StringComparer.Ordinal);

            public static Snapshot? Read(string path)
            {
                try
                {
                    using var stream = File.OpenRead(path);
                    using var pe = new PEReader(stream);
                    if (!pe.HasMetadata) return null;
                    var snapshot = new Snapshot { TimeDateStamp = pe.PEHeaders.CoffHeader.TimeDateStamp };
                    foreach (SectionHeader section in pe.PEHeaders.SectionHeaders)
                    {
                        PEMemoryBlock block = pe.GetSectionData(section.VirtualAddress);
                        snapshot.Sections[section.Name] = Digest(block.GetContent());
                    }
                    MetadataReader metadata = pe.GetMetadataReader();
                    snapshot.Mvid = metadata.GetGuid(metadata.GetModuleDefinition().Mvid);
                    PEMemoryBlock metadataBlock = pe.GetMetadata();
                    byte[] metadataBytes = metadataBlock.GetContent().ToArray();
                    foreach (HeapIndex heap in new[] { HeapIndex.String, HeapIndex.UserString, HeapIndex.Blob, HeapIndex.Guid })
                    {
                        int offset = metadata.GetHeapMetadataOffset(heap);
                        int size = metadata.GetHeapSize(heap);
                        snapshot.Heaps[HeapName(heap)] = Digest(metadataBytes.AsSpan(offset, size).ToArray());
                    }
                    foreach (TableIndex table in Enum.GetValues(typeof(TableIndex)))
                    {
                        int rows = metadata.GetTableRowCount(table);
                        if (rows == 0) continue;
                        int offset = metadata.GetTableMetadataOffset(table);
                        int size = metadata.GetTableRowSize(table) * rows;
                        snapshot.Tables[table + " (" + rows + " rows)"] = Digest(metadataBytes.AsSpan(offset, size).ToArray());
                    }
                    foreach (DebugDirectoryEntry entry in pe.ReadDebugDirectory())
                    {
                        switch (entry.Type)
                        {
                            case DebugDirectoryEntryType.CodeView:
                                CodeViewDebugDirectoryData codeView = pe.ReadCodeViewDebugDirectoryData(entry);
                                snapshot.Debug["codeview path"] = codeView.Path;
                                snapshot.Debug["codeview pdb id"] = codeView.Guid.ToString();
                                break;
                            case DebugDirectoryEntryType.PdbChecksum:
                                PdbChecksumDebugDirectoryData checksum = pe.ReadPdbChecksumDebugDirectoryData(entry);
                                snapshot.Debug["pdb checksum"] = checksum.AlgorithmName + ":" + Convert.ToHexString(checksum.Checksum.ToArray()).ToLowerInvariant();
                                break;
                            case DebugDirectoryEntryType.EmbeddedPortablePdb:
                                snapshot.Debug["embedded pdb"] = entry.DataSize.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes";
                                break;
                        }
                    }
                    foreach (MethodDefinitionHandle handle in metadata.MethodDefinitions)
                    {
                        MethodDefinition method = metadata.GetMethodDefinition(handle);
                        if (method.RelativeVirtualAddress == 0) continue;
                        TypeDefinition type = metadata.GetTypeDefinition(method.GetDeclaringType());
                        string name = metadata.GetString(type.Name) + "." + metadata.GetString(method.Name) + "#" + Digest(metadata.GetBlobBytes(method.Signature)).Substring(0, 8);
                        MethodBodyBlock body = pe.GetMethodBody(method.RelativeVirtualAddress);
                        snapshot.MethodBodies[name] = Digest(body.GetILBytes() ?? Array.Empty<byte>());
                    }
                    return snapshot;
                }
                catch (Exception e) when (e is BadImageFormatException || e is InvalidOperationException || e is IOException)
                {
                    return null;
                }
            }

            private static string HeapName(HeapIndex heap) => heap switch
            {
                HeapIndex.String => "#Strings",
                HeapIndex.UserString => "#US",
                HeapIndex.Blob => "#Blob",
                _ => "#GUID",
            };

            private static string Digest(System.Collections.Immutable.ImmutableArray<byte> bytes) => Digest(bytes.ToArray());

            private static string Digest(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
        }

        /// <summary>The PDB path the compiler wrote into the assembly (CodeView entry); null when there is none.</summary>
        /// <summary>
        /// The folder a portable PDB's documents were compiled in: the part of a document path before one of
        /// <paramref name="sources"/> (repository-relative names), or before "/&lt;folder&gt;/" for one of
        /// <paramref name="folders"/> (a referenced project's folder, whose PDB is published beside the app). Null for a
        /// mapped build ("/_/..."), a Windows PDB, or no document that matches.
        /// </summary>
        public static string? RootFromPdbDocuments(string pdbPath, IReadOnlyCollection<string> sources, IReadOnlyCollection<string>? folders = null)
        {
            try
            {
                using var stream = File.OpenRead(pdbPath);
                using var provider = MetadataReaderProvider.FromPortablePdbStream(stream);
                MetadataReader reader = provider.GetMetadataReader();
                foreach (DocumentHandle handle in reader.Documents)
                {
                    string name = reader.GetString(reader.GetDocument(handle).Name).Replace('\\', '/');
                    if (name.StartsWith("/_", StringComparison.Ordinal)) return null;
                    foreach (string source in sources)
                        if (name.Length > source.Length + 1 && name.EndsWith("/" + source, StringComparison.Ordinal))
                            return name.Substring(0, name.Length - source.Length - 1);
                    foreach (string folder in folders ?? Array.Empty<string>())
                    {
                        int at = name.LastIndexOf("/" + folder + "/", StringComparison.Ordinal);
                        if (at > 0) return name.Substring(0, at);
                    }
                }
            }
            catch (Exception e) when (e is BadImageFormatException || e is InvalidOperationException || e is IOException)
            {
            }
            return null;
        }

        public static string? PdbPath(string assemblyPath)
        {
            try
            {
                using var stream = File.OpenRead(assemblyPath);
                using var pe = new PEReader(stream);
                foreach (DebugDirectoryEntry entry in pe.ReadDebugDirectory())
                    if (entry.Type == DebugDirectoryEntryType.CodeView) return pe.ReadCodeViewDebugDirectoryData(entry).Path;
            }
            catch (Exception e) when (e is BadImageFormatException || e is InvalidOperationException || e is IOException)
            {
            }
            return null;
        }
    }
}
