using System;
using System.Text;

namespace Provenance.Json
{
    /// <summary>
    /// A strict RFC 8259 reader: rejects a byte-order mark, invalid UTF-8, lone
    /// surrogates (escaped or not), duplicate keys, trailing content,
    /// nesting deeper than <see cref="MaxDepth"/> and input longer than the caller's limit. Verifiers parse
    /// attacker-supplied bytes with it, so it never guesses.
    /// </summary>
    public sealed class JsonReader
    {
        public const int MaxDepth = 64;
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        private readonly string _text;
        private int _pos;

        // Only for files the SDK writes for us (project.assets.json repeats keys): strictness is for content we judge.
        private bool _lastDuplicateWins;

        private JsonReader(string text) => _text = text;

        /// <summary>Parses UTF-8 bytes. <paramref name="maxBytes"/> bounds the input a caller accepts.</summary>
        public static JsonValue Parse(byte[] utf8, int maxBytes = 64 * 1024 * 1024)
        {
            if (utf8 == null) throw new ArgumentNullException(nameof(utf8));
            if (utf8.Length > maxBytes) throw new JsonFormatException($"input is {utf8.Length} bytes, over the limit of {maxBytes}");
            if (utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF)
                throw new JsonFormatException("input starts with a byte-order mark");
            string text;
            try { text = StrictUtf8.GetString(utf8); }
            catch (DecoderFallbackException) { throw new JsonFormatException("input is not valid UTF-8"); }
            return Parse(text);
        }

        /// <summary>
        /// Like <see cref="Parse(byte[], int)"/>, but a repeated key replaces the earlier value. Only for files the SDK
        /// or NuGet wrote for us (NuGet repeats a feed URL listed under two names); never for content we verify.
        /// </summary>
        public static JsonValue ParseLenient(byte[] utf8, int maxBytes = 64 * 1024 * 1024)
        {
            if (utf8 == null) throw new ArgumentNullException(nameof(utf8));
            int start = utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF ? 3 : 0;
            if (utf8.Length > maxBytes) throw new JsonFormatException($"input is {utf8.Length} bytes, over the limit of {maxBytes}");
            string text;
            try { text = StrictUtf8.GetString(utf8, start, utf8.Length - start); }
            catch (DecoderFallbackException) { throw new JsonFormatException("input is not valid UTF-8"); }
            return Parse(text, lastDuplicateWins: true);
        }

        public static JsonValue Parse(string text) => Parse(text, lastDuplicateWins: false);

        private static JsonValue Parse(string text, bool lastDuplicateWins)
        {
            var reader = new JsonReader(text ?? throw new ArgumentNullException(nameof(text))) { _lastDuplicateWins = lastDuplicateWins };
            reader.SkipWhitespace();
            JsonValue value = reader.ReadValue(0);
            reader.SkipWhitespace();
            if (reader._pos != text.Length) throw reader.Error("unexpected content after the JSON value");
            return value;
        }

        private JsonFormatException Error(string message) =>
            new JsonFormatException($"{message} at offset {_pos}");

        private void SkipWhitespace()
        {
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') _pos++;
                else break;
            }
        }

        private JsonValue ReadValue(int depth)
        {
            if (depth > MaxDepth) throw Error($"nesting deeper than {MaxDepth}");
            if (_pos >= _text.Length) throw Error("unexpected end of input");
            char c = _text[_pos];
            switch (c)
            {
                case '{': return ReadObject(depth);
                case '[': return ReadArray(depth);
                case '"': return new JsonString(ReadString());
                case 't': ExpectLiteral("true"); return JsonBool.True;
                case 'f': ExpectLiteral("false"); return JsonBool.False;
                case 'n': ExpectLiteral("null"); return JsonNull.Instance;
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber();
                    throw Error($"unexpected character '{c}'");
            }
        }

        private void ExpectLiteral(string literal)
        {
            if (string.CompareOrdinal(_text, _pos, literal, 0, literal.Length) != 0) throw Error("invalid literal");
            _pos += literal.Length;
        }

        private JsonObject ReadObject(int depth)
        {
            var obj = new JsonObject();
            _pos++; // {
            SkipWhitespace();
            if (Peek() == '}') { _pos++; return obj; }
            while (true)
            {
                SkipWhitespace();
                if (Peek() != '"') throw Error("expected a string key");
                int keyStart = _pos;
                string key = ReadString();
                SkipWhitespace();
                if (Peek() != ':') throw Error("expected ':'");
                _pos++;
                SkipWhitespace();
                JsonValue value = ReadValue(depth + 1);
                if (obj.ContainsKey(key))
                {
                    if (!_lastDuplicateWins) { _pos = keyStart; throw Error($"duplicate key \"{key}\""); }
                    obj.Replace(key, value);
                }
                else obj.Add(key, value);
                SkipWhitespace();
                char c = Peek();
                _pos++;
                if (c == '}') return obj;
                if (c != ',') { _pos--; throw Error("expected ',' or '}'"); }
            }
        }

        private JsonArray ReadArray(int depth)
        {
            var array = new JsonArray();
            _pos++; // [
            SkipWhitespace();
            if (Peek() == ']') { _pos++; return array; }
            while (true)
            {
                SkipWhitespace();
                array.Add(ReadValue(depth + 1));
                SkipWhitespace();
                char c = Peek();
                _pos++;
                if (c == ']') return array;
                if (c != ',') { _pos--; throw Error("expected ',' or ']'"); }
            }
        }

        private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

        private string ReadString()
        {
            _pos++; // opening quote
            StringBuilder? sb = null;
            int runStart = _pos;
            while (true)
            {
                if (_pos >= _text.Length) throw Error("unterminated string");
                char c = _text[_pos];
                if (c == '"')
                {
                    string result = sb == null
                        ? _text.Substring(runStart, _pos - runStart)
                        : sb.Append(_text, runStart, _pos - runStart).ToString();
                    _pos++;
                    return result;
                }
                if (c < 0x20) throw Error("control character in string");
                if (char.IsSurrogate(c))
                {
                    // Only reachable through Parse(string): UTF-8 input cannot decode to a lone surrogate.
                    if (!char.IsHighSurrogate(c) || _pos + 1 >= _text.Length || !char.IsLowSurrogate(_text[_pos + 1]))
                        throw Error("lone surrogate in string");
                    _pos += 2;
                    continue;
                }
                if (c != '\\') { _pos++; continue; }

                sb ??= new StringBuilder();
                sb.Append(_text, runStart, _pos - runStart);
                _pos++;
                if (_pos >= _text.Length) throw Error("unterminated escape");
                char e = _text[_pos++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        char unit = ReadHexEscape();
                        // A lone surrogate ("\ud800") is not a Unicode scalar value: RFC 8259 section 8.2 leaves its
                        // meaning undefined, and every later UTF-8 encode of the string (the DSSE PAE of a payloadType,
                        // a report naming a key) would throw EncoderFallbackException far from here, where no caller
                        // expects it. Rejecting it as malformed keeps attacker-supplied JSON on the one error path.
                        if (char.IsLowSurrogate(unit)) throw Error("lone low surrogate in \\u escape");
                        sb.Append(unit);
                        if (char.IsHighSurrogate(unit))
                        {
                            if (_pos + 2 > _text.Length || _text[_pos] != '\\' || _text[_pos + 1] != 'u')
                                throw Error("lone high surrogate in \\u escape");
                            _pos += 2;
                            char low = ReadHexEscape();
                            if (!char.IsLowSurrogate(low)) throw Error("lone high surrogate in \\u escape");
                            sb.Append(low);
                        }
                        break;
                    default: throw Error("invalid escape");
                }
                runStart = _pos;
            }
        }

        /// <summary>The four hex digits after "\u" (exactly four: no sign, no whitespace).</summary>
        private char ReadHexEscape()
        {
            if (_pos + 4 > _text.Length) throw Error("invalid \\u escape");
            int code = 0;
            for (int i = 0; i < 4; i++)
            {
                char h = _text[_pos + i];
                int digit = h >= '0' && h <= '9' ? h - '0'
                    : h >= 'a' && h <= 'f' ? h - 'a' + 10
                    : h >= 'A' && h <= 'F' ? h - 'A' + 10
                    : -1;
                if (digit < 0) throw Error("invalid \\u escape");
                code = code * 16 + digit;
            }
            _pos += 4;
            return (char)code;
        }

        private JsonNumber ReadNumber()
        {
            int start = _pos;
            if (Peek() == '-') _pos++;
            if (Peek() == '0') _pos++;
            else if (Peek() >= '1' && Peek() <= '9') while (IsDigit(Peek())) _pos++;
            else throw Error("invalid number");
            if (Peek() == '.')
            {
                _pos++;
                if (!IsDigit(Peek())) throw Error("invalid number");
                while (IsDigit(Peek())) _pos++;
            }
            if (Peek() == 'e' || Peek() == 'E')
            {
                _pos++;
                if (Peek() == '+' || Peek() == '-') _pos++;
                if (!IsDigit(Peek())) throw Error("invalid number");
                while (IsDigit(Peek())) _pos++;
            }
            return new JsonNumber(_text.Substring(start, _pos - start));
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';
    }
}
