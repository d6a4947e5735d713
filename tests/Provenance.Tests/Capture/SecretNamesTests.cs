using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Capture;

namespace Provenance.Tests.Capture
{
    [TestClass]
    public sealed class SecretNamesTests
    {
        [TestMethod]
        [DataRow("GITHUB_TOKEN")]
        [DataRow("CI_JOB_TOKEN")]
        [DataRow("SYSTEM_ACCESSTOKEN")]
        [DataRow("NuGetApiKey")]
        [DataRow("NUGET_API_KEY")]
        [DataRow("SIGNING_KEY")]
        [DataRow("ProvenanceSigningKeyPassword")]
        [DataRow("db_password")]
        [DataRow("DB_PWD")]
        [DataRow("ClientSecret")]
        [DataRow("AZURE_CREDENTIALS")]
        [DataRow("ConnectionString")]
        [DataRow("SQL_CONNECTION_STRING")]
        [DataRow("AZURE_STORAGE_SAS")]
        [DataRow("NUGET_PAT")]
        [DataRow("Authorization")]
        [DataRow("privatekey")]
        [DataRow("AWS_SECRET_ACCESS_KEY")]
        [DataRow("CertPassphrase")]
        [DataRow("SIGNING_CERT_PFX")]
        public void Secret_looking_names_are_recognised(string name) => Assert.IsTrue(SecretNames.LooksSecret(name), name);

        [TestMethod]
        [DataRow("Configuration")]
        [DataRow("KEYBOARD_LAYOUT")]
        [DataRow("MONKEY")]
        [DataRow("Authors")]
        [DataRow("PATH")]
        [DataRow("SOURCE_DATE_EPOCH")]
        [DataRow("ContinuousIntegrationBuild")]
        [DataRow("Platform")]
        [DataRow("TargetFramework")]
        [DataRow("NUGET_CERT_REVOCATION_MODE")]
        [DataRow("DOTNET_NUGET_SIGNATURE_VERIFICATION")]
        [DataRow("")]
        public void Ordinary_names_are_not(string name) => Assert.IsFalse(SecretNames.LooksSecret(name), name);
    }
}
