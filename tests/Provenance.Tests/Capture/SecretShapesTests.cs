using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Capture;

namespace Provenance.Tests.Capture
{
    /// <summary>
    /// Issue 7: variables a user opts into (ProvenanceEnvironmentVariables) and global properties were recorded in clear
    /// when the name was ADMIN_PW or MY_CRED, or the value a URL carrying ?password=, sig=, token= or a webhook path.
    /// Every shape here is built from parts so that no scanner mistakes this file for a leak.
    /// </summary>
    [TestClass]
    public sealed class SecretShapesTests
    {
        private const string Random40 = "Zq7vK2pLx9Rt4mWc8NbY3hFd6JsA1gUe5TiO0rEk";

        [TestMethod]
        [DataRow("ADMIN_PW")]
        [DataRow("MY_CRED")]
        [DataRow("DbPw")]
        [DataRow("DB_PWD")]
        [DataRow("SERVICE_SECRET")]
        [DataRow("DEPLOY_TOKEN")]
        [DataRow("STORAGE_KEY")]
        [DataRow("BASIC_AUTH")]
        [DataRow("BLOB_SIG")]
        [DataRow("AZURE_SAS")]
        [DataRow("BACKUP_SASURL")]
        [DataRow("GPG_PASSPHRASE")]
        [DataRow("DB_CONNECTIONSTRING")]
        [DataRow("SLACK_WEBHOOK_URL")]
        [DataRow("SENTRY_DSN")]
        [DataRow("HMAC_SALT")]
        public void Abbreviated_and_plain_secret_names_are_redacted(string name)
        {
            Assert.IsTrue(SecretNames.LooksSecret(name), name);
            Assert.AreEqual(SecretNames.RedactedValue, SecretNames.Redact(name, "plain value"));
        }

        [TestMethod]
        [DataRow("PWSH_VERSION")]
        [DataRow("SIGNATURE_MODE")]
        [DataRow("DOTNET_NUGET_SIGNATURE_VERIFICATION")]
        [DataRow("CREDIT_LIMIT")]
        [DataRow("AUTHOR_NAME")]
        [DataRow("KEYBOARD")]
        public void Words_that_merely_contain_those_letters_are_not(string name) => Assert.IsFalse(SecretNames.LooksSecret(name), name);

        [TestMethod]
        [DataRow("https://ci.example/feed?password=hunter2", "https://ci.example/feed")]
        [DataRow("https://acct.blob.core.windows.net/c/f.zip?sv=2022-11-02&se=2030-01-01&sr=b&sp=r&sig=abcDEF123%3D", "https://acct.blob.core.windows.net/c/f.zip")]
        [DataRow("https://api.example/v1?token=abc123", "https://api.example/v1")]
        [DataRow("https://api.example/v1?access_token=abc123", "https://api.example/v1")]
        [DataRow("https://bucket.s3.amazonaws.com/k?X-Amz-Credential=AKI%2F&X-Amz-Signature=f00d", "https://bucket.s3.amazonaws.com/k")]
        [DataRow("https://fn.azurewebsites.net/api/run?code=abc123", "https://fn.azurewebsites.net/api/run")]
        [DataRow("https://app.example/cb#access_token=abc123", "https://app.example/cb")]
        [DataRow("https://user:pw@pkgs.example/v3/index.json", "https://pkgs.example/v3/index.json")]
        public void A_url_keeps_its_location_but_loses_credential_parameters_and_user_info(string value, string expected)
        {
            Assert.IsTrue(SecretNames.LooksSecretValue(value), value);
            Assert.AreEqual(expected, SecretNames.Redact("DEPLOY_URL", value));
        }

        [TestMethod]
        [DataRow("https://hooks.slack.com/services/T0000/B0000/" + "XXXXXXXXXXXXXXXXXXXXXXXX")]
        [DataRow("https://discord.com/api/webhooks/123456/" + "abcdefghijk")]
        [DataRow("https://discordapp.com/api/webhooks/123456/" + "abcdefghijk")]
        [DataRow("https://contoso.webhook.office.com/webhookb2/abc@def/IncomingWebhook/123/456")]
        [DataRow("https://outlook.office.com/webhook/abc/IncomingWebhook/def")]
        [DataRow("https://ci.example/hooks/abc123")]
        [DataRow("https://git.example/api/webhooks/42/trigger")]
        [DataRow("https://api.telegram.org/bot123456:ABCdef/sendMessage")]
        public void A_webhook_url_is_redacted_whole_because_its_path_is_the_secret(string value)
        {
            Assert.IsTrue(SecretNames.LooksSecretValue(value), value);
            Assert.AreEqual(SecretNames.RedactedValue, SecretNames.Redact("NOTIFY", value));
        }

        [TestMethod]
        public void Tokens_keys_and_signed_blobs_are_redacted_by_shape()
        {
            string jwt = "eyJhbGciOiJIUzI1NiJ9" + "." + "eyJzdWIiOiIxMjM0NTY3ODkwIn0" + "." + "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
            string pem = "-----BEGIN " + "PRIVATE KEY-----\nMIIE...\n-----END " + "PRIVATE KEY-----";
            var values = new Dictionary<string, string>
            {
                ["jwt"] = jwt,
                ["bearer jwt"] = "Bearer " + jwt,
                ["pem"] = pem,
                ["github token"] = "gh" + "p_" + "abcdefghijklmnopqrstuvwxyz0123456789",
                ["fine-grained github token"] = "github" + "_pat_" + "11ABCDEFG0123456789_abcdefghijklmnop",
                ["gitlab token"] = "gl" + "pat-" + "abcdefghij0123456789",
                ["slack token"] = "xo" + "xb-" + "1234567890-abcdefghij",
                ["aws key id"] = "AK" + "IA" + "IOSFODNN7EXAMPLE",
                ["nuget api key"] = "oy" + "2" + "abcdefghijklmnopqrstuvwxyz0123456789abcdefg",
                ["high-entropy base64"] = "q3Jx9+Lr/Vt2Wm8cNbY3hFd6JsA1gUe5TiO0rEkZp4Q=",
                ["high-entropy base62"] = Random40,
                ["connection string"] = "Server=db;Database=app;User Id=sa;Password=hunter2;",
                ["storage connection string"] = "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc123==;",
                ["sas token alone"] = "sv=2022-11-02&ss=b&sig=abc123",
                ["command line"] = "--verbose --token=abc123",
                ["list with a credentialed url"] = "https://a.example/v3/index.json;https://u:p@b.example/v3/index.json",
            };
            foreach (var pair in values)
            {
                Assert.IsTrue(SecretNames.LooksSecretValue(pair.Value), pair.Key);
                Assert.AreEqual(SecretNames.RedactedValue, SecretNames.Redact("SOME_SETTING", pair.Value), pair.Key);
            }
        }

        [TestMethod]
        [DataRow("Release")]
        [DataRow("https://pkgs.example.org/v3/index.json")]
        [DataRow("https://dev.azure.com/org/project/_build/results?buildId=123")]
        [DataRow("https://github.com/o/r/actions/runs/123/attempts/1")]
        [DataRow("0123456789abcdef0123456789abcdef01234567")]
        [DataRow("3F2504E0-4F89-11D3-9A0C-0305E82C3301")]
        [DataRow("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
        [DataRow("/home/runner/work/Serilog2024/Serilog2024/src/Serilog/Serilog.csproj")]
        [DataRow("/_/src/Serilog/Serilog2024/Configuration/LoggerSinks")]
        [DataRow("TRACE;RELEASE;NET;NET8_0;NETCOREAPP;NET5_0_OR_GREATER;NET6_0_OR_GREATER;NET7_0_OR_GREATER;NET8_0_OR_GREATER")]
        [DataRow("ContinuousIntegrationBuildVersionPrefix2024")]
        [DataRow("Microsoft_CodeAnalysis_NetAnalyzers_Version10")]
        [DataRow("10.0.100-preview.7.25380.108+0123456789abcdef0123456789abcdef01234567")]
        [DataRow("Configuration=Release;Platform=AnyCPU")]
        [DataRow("o/r/.github/workflows/build.yml@refs/heads/main")]
        public void Ordinary_build_facts_are_kept(string value)
        {
            Assert.IsFalse(SecretNames.LooksSecretValue(value), value);
            Assert.AreEqual(value, SecretNames.Redact("SOME_SETTING", value));
        }

        [TestMethod]
        public void Opted_in_variables_are_redacted_by_name_and_by_value()
        {
            var environment = new Dictionary<string, string>
            {
                ["ADMIN_PW"] = "hunter2",
                ["MY_CRED"] = "user:pass",
                ["DEPLOY_FEED"] = "https://feed.example/v3/index.json?password=hunter2",
                ["ARTIFACT_URL"] = "https://acct.blob.core.windows.net/c/f.zip?sv=2022-11-02&sig=abc123",
                ["API_URL"] = "https://api.example/v1?token=abc123",
                ["NOTIFY_URL"] = "https://hooks.slack.com/services/T0000/B0000/" + "XXXXXXXXXXXXXXXXXXXXXXXX",
                ["BUILD_FLAVOR"] = "nightly",
            };
            var captured = EnvironmentCapture.Capture(environment, environment.Keys);

            Assert.AreEqual(SecretNames.RedactedValue, captured["ADMIN_PW"]);
            Assert.AreEqual(SecretNames.RedactedValue, captured["MY_CRED"]);
            Assert.AreEqual("https://feed.example/v3/index.json", captured["DEPLOY_FEED"]);
            Assert.AreEqual("https://acct.blob.core.windows.net/c/f.zip", captured["ARTIFACT_URL"]);
            Assert.AreEqual("https://api.example/v1", captured["API_URL"]);
            Assert.AreEqual(SecretNames.RedactedValue, captured["NOTIFY_URL"]);
            Assert.AreEqual("nightly", captured["BUILD_FLAVOR"]);
            foreach (string value in captured.Values)
                Assert.IsFalse(value.Contains("hunter2") || value.Contains("abc123") || value.Contains("user:pass") || value.Contains("XXXX"), value);
        }
    }
}
