using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace Provenance.Json
{
    /// <summary>
    /// Writes JSON deterministically: members in model order, only the escapes JSON requires (plus control
    /// characters as \u00XX), UTF-8 without BOM, "\n" line ends when indented. Same model, same bytes.
    /// </summary>
    public static class JsonWriter
    {
        private static readonly UTF8Encoding Utf8NoBom = new UTF8Encoding(false, true);

        public static byte[] ToUtf8Bytes(JsonValue value, bool indented = false) =>
            Utf8NoBom.GetBytes(ToText(value, indented));

        public static string ToText(JsonValue value, bool indented = false)
        {
            var sb = new StringBuilder();
            Write(sb, value, indented, 0);
            if (indented) sb.Append('\n');
            return sb.ToString();
        }

        private static void Write(StringBuilder sb, JsonValue value, bool indented, int depth)
        {
            switch (value)
            {
                case JsonString s: WriteString(sb, s.Value); break;
                case JsonNumber n: sb.Append(n.RawText); break;
                case JsonBool b: sb.Append(b.Value ? "true" : "false"); break;
                case JsonNull _: sb.Append("null"); break;
                case JsonArray a:
                    if (a.Count == 0) { sb.Append("[]"); break; }
                    sb.Append('[');
                    for (int i = 0; i < a.Count; i++)
                    {
                        if (i > 0) sb.Append(',');
                        NewLine(sb, indented, depth + 1);
                        Write(sb, a[i], indented, depth + 1);
                    }
                    NewLine(sb, indented, depth);
                    sb.Append(']');
                    break;
                case JsonObject o:
                    if (o.Count == 0) { sb.Append("{}"); break; }
                    sb.Append('{');
                    for (int i = 0; i < o.Count; i++)
                    {
                        if (i > 0) sb.Append(',');
                        NewLine(sb, indented, depth + 1);
                        WriteString(sb, o.Members[i].Key);
                        sb.Append(indented ? ": " : ":");
                        Write(sb, o.Members[i].Value, indented, depth + 1);
                    }
                    NewLine(sb, indented, depth);
                    sb.Append('}');
                    break;
                default:
                    throw new ArgumentException("Unknown JSON value type " + value.GetType().Name);
            }
        }

        private static void NewLine(StringBuilder sb, bool indented, int depth)
        {
            if (!indented) return;
            sb.Append('\n');
            sb.Append(' ', depth * 2);
        }

        internal static void WriteString(StringBuilder sb, string s)
        {
            sb.Append('"');
            foreach (char c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '\b': sb.Append("\\b"); break;
                    case '\f': sb.Append("\\f"); break;
                    default:
                        if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            sb.Append('"');
        }
    }
}
