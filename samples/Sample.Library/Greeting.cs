using Newtonsoft.Json;

namespace Sample.Library;

/// <summary>A greeting that serialises itself, so that the library really uses its package dependency.</summary>
public sealed record Greeting(string To, string Text)
{
    /// <summary>The greeting as JSON.</summary>
    public string ToJson() => JsonConvert.SerializeObject(this);
}
