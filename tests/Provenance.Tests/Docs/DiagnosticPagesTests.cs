using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Provenance.Tests.Docs
{
    /// <summary>
    /// Every PROV code a user can see has a help page, and every page belongs to a code: the HelpLink MSBuild prints
    /// must never lead nowhere, and a code that is removed must take its page with it.
    /// </summary>
    [TestClass]
    public sealed class DiagnosticPagesTests
    {
        private static readonly Regex CodeShape = new Regex("^PROV[0-9]{4}$", RegexOptions.CultureInvariant);

        private static IReadOnlyList<string> Codes() =>
            typeof(DiagnosticCodes)
                .GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && !f.IsInitOnly && f.FieldType == typeof(string))
                .Select(f => (string)f.GetRawConstantValue()!)
                .OrderBy(c => c, StringComparer.Ordinal)
                .ToList();

        private static string PagesDirectory()
        {
            for (DirectoryInfo? dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Provenance.MSBuild.sln")))
                    return Path.Combine(dir.FullName, "docs", "diagnostics");
            }
            throw new InvalidOperationException("Provenance.MSBuild.sln not found above " + AppContext.BaseDirectory);
        }

        [TestMethod]
        public void Every_constant_is_a_distinct_PROV_code()
        {
            IReadOnlyList<string> codes = Codes();
            Assert.IsTrue(codes.Count > 0, "DiagnosticCodes has no public const string");
            foreach (string code in codes)
                Assert.IsTrue(CodeShape.IsMatch(code), $"'{code}' is not PROV followed by four digits");
            string[] duplicates = codes.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
            Assert.AreEqual(0, duplicates.Length, "codes used by more than one constant: " + string.Join(", ", duplicates));
        }

        [TestMethod]
        public void Every_code_has_a_page_that_starts_with_its_title()
        {
            string pages = PagesDirectory();
            var problems = new List<string>();
            foreach (string code in Codes())
            {
                string path = Path.Combine(pages, code + ".md");
                if (!File.Exists(path))
                {
                    problems.Add($"{code}: docs/diagnostics/{code}.md is missing");
                    continue;
                }
                string firstLine = File.ReadLines(path).FirstOrDefault() ?? "";
                if (!firstLine.StartsWith("# " + code + ":", StringComparison.Ordinal))
                    problems.Add($"{code}: the page starts with '{firstLine}', not '# {code}: <title>'");
            }
            Assert.AreEqual(0, problems.Count, string.Join("\n", problems));
        }

        [TestMethod]
        public void Every_page_belongs_to_a_code()
        {
            var codes = new HashSet<string>(Codes(), StringComparer.Ordinal);
            string[] orphans = Directory.GetFiles(PagesDirectory(), "*.md")
                .Select(Path.GetFileNameWithoutExtension)
                .Where(name => !string.Equals(name, "README", StringComparison.OrdinalIgnoreCase))
                .Where(name => !codes.Contains(name!))
                .Select(name => name + ".md")
                .OrderBy(name => name, StringComparer.Ordinal)
                .ToArray();
            Assert.AreEqual(0, orphans.Length, "pages without a DiagnosticCodes constant: " + string.Join(", ", orphans));
        }

        [TestMethod]
        public void The_index_lists_every_code()
        {
            string index = File.ReadAllText(Path.Combine(PagesDirectory(), "README.md"));
            string[] missing = Codes().Where(code => !index.Contains("](" + code + ".md)", StringComparison.Ordinal)).ToArray();
            Assert.AreEqual(0, missing.Length, "docs/diagnostics/README.md does not link: " + string.Join(", ", missing));
        }

        [TestMethod]
        public void HelpLink_points_at_the_page_of_the_code()
        {
            foreach (string code in Codes())
            {
                string link = DiagnosticCodes.HelpLink(code);
                Assert.IsTrue(link.EndsWith("docs/diagnostics/" + code + ".md", StringComparison.Ordinal), $"{code}: {link}");
                Assert.IsTrue(Uri.TryCreate(link, UriKind.Absolute, out Uri? uri) && uri.Scheme == Uri.UriSchemeHttps, $"{code}: {link} is not an absolute https URL");
            }
        }
    }
}
