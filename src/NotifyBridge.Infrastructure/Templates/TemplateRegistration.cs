using Microsoft.Extensions.DependencyInjection;

namespace NotifyBridge.Infrastructure.Templates;

public static class TemplateRegistration
{
    /// <summary>The Liquid sandbox, the built-in and stored templates, and the cached renderer.</summary>
    public static IServiceCollection AddTemplates(this IServiceCollection services)
    {
        services.AddSingleton<LiquidSandbox>();
        services.AddSingleton<DefaultTemplates>();
        services.AddSingleton<MessageComposer>();
        services.AddSingleton<TemplateService>();
        services.AddSingleton<FluidMessageRenderer>();
        services.AddSingleton<IMessageRenderer>(sp => sp.GetRequiredService<FluidMessageRenderer>());
        return services;
    }
}
