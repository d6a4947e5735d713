using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;

namespace Provenance.Keyless
{
    /// <summary>One HTTP answer: status, body (bounded), and the Location header Rekor sends with 409.</summary>
    internal sealed class HttpAnswer
    {
        public HttpAnswer(int status, byte[] body, Uri? location)
        {
            Status = status;
            Body = body;
            Location = location;
        }

        public int Status { get; }
        public byte[] Body { get; }
        public Uri? Location { get; }
        public bool IsSuccess => Status >= 200 && Status < 300;
    }

    /// <summary>
    /// Synchronous HTTP for the Sigstore services: MSBuild tasks are synchronous, and each call is bounded by a timeout
    /// so a hung service fails the build with a coded error instead of hanging it. Every failure names the service and
    /// its URL (without query) and never a token: callers pass the secrets to scrub from anything a service echoes.
    /// </summary>
    internal sealed class SigstoreHttp : IDisposable
    {
        /// <summary>Far above any certificate chain, log entry or timestamp; far below memory trouble.</summary>
        public const int MaxResponseBytes = 4 * 1024 * 1024;

        private readonly HttpClient _client;
        private readonly TimeSpan _timeout;

        public SigstoreHttp(HttpMessageHandler? handler, TimeSpan timeout, ServiceCallCounter calls)
        {
            if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout));
            _client = handler == null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
            _client.Timeout = System.Threading.Timeout.InfiniteTimeSpan; // bounded per call below, including the body
            _timeout = timeout;
            Calls = calls ?? throw new ArgumentNullException(nameof(calls));
        }

        public ServiceCallCounter Calls { get; }

        public HttpAnswer Send(SigstoreService service, string code, string serviceName, HttpMethod method, Uri uri,
            byte[]? body, string? contentType, string accept, string? bearerToken = null, params string?[] secrets)
        {
            Calls.Count(service);
            using var cancel = new CancellationTokenSource(_timeout);
            try
            {
                using var request = new HttpRequestMessage(method, uri);
                request.Headers.Accept.ParseAdd(accept);
                request.Headers.UserAgent.ParseAdd("Provenance.MSBuild");
                if (bearerToken != null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
                if (body != null)
                {
                    request.Content = new ByteArrayContent(body);
                    if (contentType != null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                }
                using HttpResponseMessage response = _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token)
                    .ConfigureAwait(false).GetAwaiter().GetResult();
                byte[] content = ReadBounded(response, cancel.Token, code, serviceName, uri);
                Uri? location = response.Headers.Location;
                if (location != null && !location.IsAbsoluteUri) location = new Uri(uri, location);
                return new HttpAnswer((int)response.StatusCode, content, location);
            }
            catch (OperationCanceledException)
            {
                throw Failure(code, serviceName, uri, $"did not answer within {_timeout.TotalSeconds:0} seconds");
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is IOException || ex is InvalidOperationException)
            {
                throw Failure(code, serviceName, uri, "could not be reached: " + Scrub(Innermost(ex), secrets));
            }
        }

        public static ProvenanceException Failure(string code, string serviceName, Uri uri, string what, Exception? inner = null) =>
            new ProvenanceException(code, $"{serviceName} at {ServiceUrl.Describe(uri)} {what.TrimEnd('.')}.", inner);

        /// <summary>A short, single-line excerpt of an error body for a message, with secrets removed.</summary>
        public static string Excerpt(byte[] body, params string?[] secrets)
        {
            string text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 600));
            var sb = new StringBuilder();
            foreach (char c in text) sb.Append(char.IsControl(c) || char.IsWhiteSpace(c) ? ' ' : c);
            string line = Scrub(sb.ToString().Trim(), secrets);
            while (line.Contains("  ")) line = line.Replace("  ", " ");
            if (line.Length > 300) line = line.Substring(0, 300) + "...";
            return line.Length == 0 ? "(empty body)" : line;
        }

        public static string Scrub(string text, params string?[] secrets)
        {
            foreach (string? secret in secrets)
                if (!string.IsNullOrEmpty(secret)) text = text.Replace(secret, "***");
            return text;
        }

        private static string Innermost(Exception ex)
        {
            while (ex.InnerException != null) ex = ex.InnerException;
            return ex.Message.TrimEnd('.');
        }

        private static byte[] ReadBounded(HttpResponseMessage response, CancellationToken cancel, string code, string serviceName, Uri uri)
        {
            using Stream stream = response.Content.ReadAsStreamAsync().ConfigureAwait(false).GetAwaiter().GetResult();
            using var buffer = new MemoryStream();
            byte[] chunk = new byte[16 * 1024];
            while (true)
            {
                int read = stream.ReadAsync(chunk, 0, chunk.Length, cancel).ConfigureAwait(false).GetAwaiter().GetResult();
                if (read == 0) break;
                if (buffer.Length + read > MaxResponseBytes)
                    throw Failure(code, serviceName, uri, $"answered with more than {MaxResponseBytes} bytes");
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }

        public void Dispose() => _client.Dispose();
    }
}
