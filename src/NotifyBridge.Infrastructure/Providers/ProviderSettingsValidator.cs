using System.Text.Json;
using NotifyBridge.Domain.Ingest.Generic;
using NotifyBridge.Domain.Providers;

namespace NotifyBridge.Infrastructure.Providers;

/// <summary>Checks a provider's settings JSON at save time, so a bad mapping never reaches ingest.</summary>
public static class ProviderSettingsValidator
{
    public static bool TryValidate(ProviderType type, string json, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(json)) return true;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "Settings must be a JSON object.";
                return false;
            }
        }
        catch (JsonException ex)
        {
            error = $"Settings are not valid JSON: {ex.Message}";
            return false;
        }
        return ValidateForType(type, json, out error);
    }

    private static bool ValidateForType(ProviderType type, string json, out string? error)
    {
        error = null;
        if (type != ProviderType.GenericWebhook) return true;
        if (!GenericWebhookSettings.TryParse(json, out var settings, out error)) return false;
        var problems = settings.Validate();
        if (problems.Count == 0) return true;
        error = string.Join(" ", problems);
        return false;
    }
}
