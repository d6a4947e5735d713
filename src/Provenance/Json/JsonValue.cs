using System;
using System.Collections.Generic;
using System.Globalization;

namespace Provenance.Json
{
    /// <summary>
    /// A small JSON document model. We own it (rather than use System.Text.Json or Newtonsoft) because the
    /// task assemblies load inside MSBuild on both runtimes, where those libraries come in clashing versions,
    /// and because verification needs strictness the stock readers do not give: duplicate keys rejected,
    /// member order preserved so that output is byte-for-byte deterministic.
    /// </summary>
    public abstract class JsonValue
    {
        public virtual string? AsString() => null;
        public JsonObject? AsObject() => this as JsonObject;
        public JsonArray? AsArray() => this as JsonArray;
    }

    public sealed class JsonString : JsonValue
    {
        public JsonString(string value) => Value = value ?? throw new ArgumentNullException(nameof(value));
        public string Value { get; }
        public override string? AsString() => Value;
        public override string ToString() => Value;
    }

    /// <summary>A number kept as the exact text it was read or written as.</summary>
    public sealed class JsonNumber : JsonValue
    {
        public JsonNumber(string rawText) => RawText = rawText;
        public JsonNumber(long value) => RawText = value.ToString(CultureInfo.InvariantCulture);
        public string RawText { get; }
        public bool TryGetInt64(out long value) =>
            long.TryParse(RawText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        public override string ToString() => RawText;
    }

    public sealed class JsonBool : JsonValue
    {
        public static readonly JsonBool True = new JsonBool(true);
        public static readonly JsonBool False = new JsonBool(false);
        private JsonBool(bool value) => Value = value;
        public bool Value { get; }
        public static JsonBool From(bool value) => value ? True : False;
    }

    public sealed class JsonNull : JsonValue
    {
        public static readonly JsonNull Instance = new JsonNull();
        private JsonNull() { }
    }

    public sealed class JsonArray : JsonValue
    {
        private readonly List<JsonValue> _items = new List<JsonValue>();
        public JsonArray() { }
        public JsonArray(IEnumerable<JsonValue> items) => _items.AddRange(items);
        public int Count => _items.Count;
        public JsonValue this[int index] => _items[index];
        public IReadOnlyList<JsonValue> Items => _items;
        public JsonArray Add(JsonValue value) { _items.Add(value ?? throw new ArgumentNullException(nameof(value))); return this; }
    }

    /// <summary>An object whose members keep the order in which they were added or read.</summary>
    public sealed class JsonObject : JsonValue
    {
        private readonly List<KeyValuePair<string, JsonValue>> _members = new List<KeyValuePair<string, JsonValue>>();
        private readonly Dictionary<string, int> _index = new Dictionary<string, int>(StringComparer.Ordinal);

        public IReadOnlyList<KeyValuePair<string, JsonValue>> Members => _members;
        public int Count => _members.Count;

        /// <summary>Adds a member; a key that is already present is an error (never silently replaced).</summary>
        public JsonObject Add(string key, JsonValue value)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            if (value == null) throw new ArgumentNullException(nameof(value));
            if (_index.ContainsKey(key)) throw new JsonFormatException($"duplicate key \"{key}\"");
            _index.Add(key, _members.Count);
            _members.Add(new KeyValuePair<string, JsonValue>(key, value));
            return this;
        }

        /// <summary>Replaces an existing member's value in place (the lenient reader's last-duplicate-wins).</summary>
        internal void Replace(string key, JsonValue value) =>
            _members[_index[key]] = new KeyValuePair<string, JsonValue>(key, value ?? throw new ArgumentNullException(nameof(value)));

        public JsonObject Add(string key, string value) => Add(key, new JsonString(value));
        public JsonObject Add(string key, bool value) => Add(key, JsonBool.From(value));
        public JsonObject Add(string key, long value) => Add(key, new JsonNumber(value));

        /// <summary>Adds a string member only when the value is not null or empty (optional fields stay absent).</summary>
        public JsonObject AddIfNotEmpty(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value)) Add(key, new JsonString(value!));
            return this;
        }

        /// <summary>Adds a member only when the value is present and not an empty object or array.</summary>
        public JsonObject AddIfNotEmpty(string key, JsonValue? value)
        {
            if (value == null) return this;
            if (value is JsonObject o && o.Count == 0) return this;
            if (value is JsonArray a && a.Count == 0) return this;
            return Add(key, value);
        }

        public bool ContainsKey(string key) => _index.ContainsKey(key);

        public JsonValue? this[string key] => _index.TryGetValue(key, out int i) ? _members[i].Value : null;

        public bool TryGetValue(string key, out JsonValue value)
        {
            if (_index.TryGetValue(key, out int i)) { value = _members[i].Value; return true; }
            value = null!;
            return false;
        }

        public string? GetString(string key) => (this[key] as JsonString)?.Value;
        public JsonObject? GetObject(string key) => this[key] as JsonObject;
        public JsonArray? GetArray(string key) => this[key] as JsonArray;
    }

    /// <summary>Malformed or non-conforming JSON (including duplicate keys).</summary>
    public sealed class JsonFormatException : FormatException
    {
        public JsonFormatException(string message) : base(message) { }
    }
}
