using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using Provenance.Dsse;
using Provenance.Json;
using Provenance.Verification;

namespace Provenance.Sigstore
{
    /// <summary>
    /// Typed reads of protobuf-JSON members (protojson: int64 as a decimal string, bytes as base64, Timestamp as
    /// RFC 3339) for the bundle and trusted-root parsers. Every failure is a <see cref="VerificationException"/> with the
    /// document's reason, so hostile input can never surface as another exception type.
    /// </summary>
    internal sealed class StrictFields
    {
        private readonly VerificationFailureReason _reason;
        private readonly string _document;

        public StrictFields(VerificationFailureReason reason, string document)
        {
            _reason = reason;
            _document = document;
        }

        public VerificationException Fail(string what) => new VerificationException(_reason, $"Malformed {_document}: {what}.");

        public JsonObject Object(JsonObject json, string key, string where) =>
            json[key] as JsonObject ?? throw Fail($"{where}.{key} must be an object");

        /// <summary>protojson reads a JSON null as "not set", and tools write it (\"end\": null); so do we.</summary>
        public static bool IsAbsent(JsonObject json, string key) => json[key] is null || json[key] is JsonNull;

        public JsonObject? OptionalObject(JsonObject json, string key, string where) =>
            json[key] switch
            {
                null => null,
                JsonNull _ => null,
                JsonObject o => o,
                _ => throw Fail($"{where}.{key} must be an object"),
            };

        public JsonArray Array(JsonObject json, string key, string where) =>
            json[key] as JsonArray ?? throw Fail($"{where}.{key} must be an array");

        /// <summary>An absent array is empty: protojson omits empty repeated fields.</summary>
        public JsonArray OptionalArray(JsonObject json, string key, string where) =>
            json[key] switch
            {
                null => new JsonArray(),
                JsonNull _ => new JsonArray(),
                JsonArray a => a,
                _ => throw Fail($"{where}.{key} must be an array"),
            };

        public JsonObject Item(JsonArray array, int index, string where) =>
            array[index] as JsonObject ?? throw Fail($"{where}[{index}] must be an object");

        public string String(JsonObject json, string key, string where) =>
            json[key] is JsonString s ? s.Value : throw Fail($"{where}.{key} must be a string");

        public string? OptionalString(JsonObject json, string key, string where) =>
            json[key] switch
            {
                null => null,
                JsonNull _ => null,
                JsonString s => s.Value,
                _ => throw Fail($"{where}.{key} must be a string"),
            };

        public byte[] Bytes(JsonObject json, string key, string where)
        {
            string text = String(json, key, where);
            if (!StrictBase64.TryDecode(text, out byte[] bytes)) throw Fail($"{where}.{key} is not canonical base64");
            return bytes;
        }

        public byte[] NonEmptyBytes(JsonObject json, string key, string where)
        {
            byte[] bytes = Bytes(json, key, where);
            if (bytes.Length == 0) throw Fail($"{where}.{key} is empty");
            return bytes;
        }

        /// <summary>
        /// protojson writes int64 as a decimal string and reads either form; both are accepted, but only non-negative
        /// integers without sign, exponent or leading zeros (a negative log index or tree size is malformed).
        /// </summary>
        public long? OptionalNonNegativeInt64(JsonObject json, string key, string where)
        {
            string text;
            switch (json[key])
            {
                case null: return null;
                case JsonNull _: return null;
                case JsonString s: text = s.Value; break;
                case JsonNumber n: text = n.RawText; break;
                default: throw Fail($"{where}.{key} must be an integer");
            }
            if (text.Length == 0 || text.Length > 19 || (text.Length > 1 && text[0] == '0'))
                throw Fail($"{where}.{key} is not a non-negative integer");
            foreach (char c in text)
                if (c < '0' || c > '9') throw Fail($"{where}.{key} is not a non-negative integer");
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value))
                throw Fail($"{where}.{key} is out of range");
            return value;
        }

        public long NonNegativeInt64(JsonObject json, string key, string where) =>
            OptionalNonNegativeInt64(json, key, where) ?? throw Fail($"{where}.{key} is required");

        public void RejectUnknown(JsonObject json, string where, params string[] known)
        {
            foreach (var member in json.Members)
                if (System.Array.IndexOf(known, member.Key) < 0)
                    throw Fail($"{where} has an unexpected member \"{member.Key}\"");
        }

        private static readonly Regex Rfc3339 = new Regex(
            @"^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,9}))?(Z|[+-][0-9]{2}:[0-9]{2})\z",
            RegexOptions.CultureInvariant);

        /// <summary>A protobuf Timestamp in its JSON form (RFC 3339, up to nanoseconds; kept to 100 ns ticks).</summary>
        public DateTimeOffset Timestamp(JsonObject json, string key, string where)
        {
            string text = String(json, key, where);
            Match m = text.Length <= 64 ? Rfc3339.Match(text) : Match.Empty;
            if (!m.Success) throw Fail($"{where}.{key} \"{Shorten(text)}\" is not an RFC 3339 timestamp");
            try
            {
                int Part(int group) => int.Parse(m.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture);
                TimeSpan offset = TimeSpan.Zero;
                string zone = m.Groups[8].Value;
                if (zone != "Z")
                {
                    offset = new TimeSpan(int.Parse(zone.Substring(1, 2), CultureInfo.InvariantCulture), int.Parse(zone.Substring(4, 2), CultureInfo.InvariantCulture), 0);
                    if (zone[0] == '-') offset = -offset;
                }
                var value = new DateTimeOffset(Part(1), Part(2), Part(3), Part(4), Part(5), Part(6), offset);
                if (m.Groups[7].Success)
                {
                    string fraction = (m.Groups[7].Value + "0000000").Substring(0, 7);
                    value = value.AddTicks(long.Parse(fraction, NumberStyles.None, CultureInfo.InvariantCulture));
                }
                return value.ToUniversalTime();
            }
            catch (ArgumentException)
            {
                throw Fail($"{where}.{key} \"{text}\" is not a valid date and time");
            }
        }

        public static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 40) + "...";
    }
}
