using System.Text.Json;
using NotifyBridge.Domain.Ingest.Generic;

namespace NotifyBridge.Web.Components.Pages.Providers;

public sealed record PreviewLine(string Label, string? Path, string? Value, string? Source = null, string? Error = null);

/// <summary>
/// What a generic webhook mapping picks out of a payload, computed by the same code ingest
/// uses (<see cref="GenericMappingPreview"/>), so the preview never disagrees with what is stored.
/// </summary>
public static class MappingPreview
{
    private const int MaxValueLength = 300;

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["title"] = "Title", ["message"] = "Message", ["url"] = "URL", ["severity"] = "Severity",
        ["eventType"] = "Event type", ["collection"] = "Collection", ["actor"] = "Actor",
    };

    public static IReadOnlyList<PreviewLine> Apply(FieldMapping mapping, JsonElement root)
    {
        if (!GenericWebhookSettings.TryParse(mapping.ApplyTo("{}"), out var settings, out var error))
            return [new PreviewLine("Mapping", null, null, Error: error)];
        var result = GenericMappingPreview.Apply(settings, root);
        var lines = result.Fields.Select(f => new PreviewLine(
            Labels.GetValueOrDefault(f.Field, f.Field), f.Path,
            f.Value is { Length: > MaxValueLength } v ? v[..MaxValueLength] + "…" : f.Value, f.Source, f.Error)).ToList();
        if (result.Event is { } normalized && lines.FirstOrDefault(l => l.Label == "Event type") is { Value: null } type)
            lines[lines.IndexOf(type)] = type with { Value = normalized.EventType };
        return lines;
    }
}
