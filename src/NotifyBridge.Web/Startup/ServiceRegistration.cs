using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;
using NotifyBridge.Domain.Accounts;
using NotifyBridge.Infrastructure;
using NotifyBridge.Infrastructure.Identity;
using NotifyBridge.Web.Auth;

namespace NotifyBridge.Web.Startup;

internal static class ServiceRegistration
{
    public static WebApplicationBuilder AddNotifyBridgeServices(this WebApplicationBuilder builder)
    {
        builder.AddNotifyBridgeLogging();
        // Serve package assets (MudBlazor) from the build output in any environment, so the
        // built app runs outside Development too; a no-op for published output.
        builder.WebHost.UseStaticWebAssets();
        var services = builder.Services;

        services.AddInfrastructure(builder.Configuration);
        services.AddInfrastructureHostedServices();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(mud => mud.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
        services.AddProblemDetails();
        services.AddOpenApi(options => options.AddDocumentTransformer<BearerSecuritySchemeTransformer>());
        services.AddAntiforgery();

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingUserStateProvider>();
        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddIdentityCookies();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/access-denied";
            options.Cookie.Name = "NotifyBridge.Auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromDays(14);
        });
        new IdentityBuilder(typeof(ApplicationUser), typeof(IdentityRole), services)
            .AddSignInManager<NotifyBridgeSignInManager>();

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Api, p => p
                .AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());

        services.DeferDataProtectionKeyLoading();
        return builder;
    }

    private static void AddNotifyBridgeLogging(this WebApplicationBuilder builder)
    {
        // Structured logs: message templates with named properties everywhere; set
        // Logging__Console__FormatterName=json for one JSON object per line.
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
    }
}
