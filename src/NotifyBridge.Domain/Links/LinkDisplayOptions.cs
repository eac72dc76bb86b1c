using System.Text.Json;
using System.Text.Json.Serialization;

namespace NotifyBridge.Domain.Links;

/// <summary>
/// How much of an event a link shows. Templates read these as <c>options.*</c>; notifiers read
/// <see cref="MaxAssets"/> and <see cref="IncludeThumbnails"/> when attaching photos.
/// </summary>
public sealed record LinkDisplayOptions(
    int MaxAssets = 10,
    bool IncludeFileNames = true,
    bool IncludePeople = true,
    bool IncludeLocation = true,
    bool IncludeLinks = true,
    bool IncludeThumbnails = true,
    bool IncludeDetails = true)
{
    public const int MaxAssetsLimit = 50;

    public static readonly LinkDisplayOptions Default = new();

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static LinkDisplayOptions FromJson(string? json) =>
        string.IsNullOrWhiteSpace(json) ? Default : JsonSerializer.Deserialize<LinkDisplayOptions>(json, Json) ?? Default;

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
