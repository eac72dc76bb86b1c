using System.Collections.Concurrent;
using System.Reflection;
using Fluid;

namespace NotifyBridge.Infrastructure.Templates;

/// <summary>A parsed template and where it came from. <see cref="Stamp"/> changes whenever the body can have changed.</summary>
public sealed record CompiledTemplate(string Name, string Locale, string Body, IFluidTemplate Parsed, bool IsDefault, int Version, string Stamp, DateTime? UpdatedAt = null);

/// <summary>
/// The built-in templates: embedded resources <c>Templates/Defaults/{locale}/{name}.liquid</c>,
/// one per known event type and special name, in every supported locale. Parsed once, on first use.
/// </summary>
public sealed class DefaultTemplates
{
    private const string Prefix = "Templates/Defaults/";
    private readonly LiquidSandbox _sandbox;
    private readonly IReadOnlyDictionary<(string Name, string Locale), string> _bodies;
    private readonly ConcurrentDictionary<(string Name, string Locale), CompiledTemplate> _parsed = new();

    public DefaultTemplates(LiquidSandbox sandbox)
    {
        _sandbox = sandbox;
        _bodies = Load();
    }

    public bool Has(string name, string locale) => _bodies.ContainsKey((name, locale));

    public string? Body(string name, string locale) => _bodies.GetValueOrDefault((name, locale));

    /// <summary>The parsed default; throws when there is none (callers fall back to <see cref="TemplateNames.Fallback"/> first).</summary>
    public CompiledTemplate Get(string name, string locale) => _parsed.GetOrAdd((name, locale), key =>
    {
        var body = _bodies.GetValueOrDefault(key) ?? throw new KeyNotFoundException($"No built-in template '{key.Name}' for locale '{key.Locale}'.");
        if (!_sandbox.TryParse(body, out var parsed, out var error))
            throw new InvalidOperationException($"The built-in template {key.Locale}/{key.Name} does not parse: {error}");
        return new CompiledTemplate(key.Name, key.Locale, body, parsed!, IsDefault: true, Version: 0, Stamp: "default");
    });

    public IEnumerable<(string Name, string Locale)> All => _bodies.Keys;

    private static Dictionary<(string, string), string> Load()
    {
        var assembly = typeof(DefaultTemplates).Assembly;
        var bodies = new Dictionary<(string, string), string>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var path = resource.Replace('\\', '/');
            if (!path.StartsWith(Prefix, StringComparison.Ordinal) || !path.EndsWith(".liquid", StringComparison.Ordinal)) continue;
            var parts = path[Prefix.Length..^".liquid".Length].Split('/');
            if (parts.Length != 2) continue;
            bodies[(parts[1], parts[0])] = Read(assembly, resource);
        }
        return bodies;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
