namespace NotifyBridge.Web.Components.Pages.Templates;

/// <summary>Small wording helpers the template pages share.</summary>
internal static class TemplateText
{
    public static string LocaleName(string locale) => locale switch { "de" => "Deutsch", "en" => "English", _ => locale };

    public static string EditorUrl(string name, string locale) => $"templates/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(locale)}";
}
