using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace NotifyBridge.Web.Startup;

/// <summary>Documents the personal-API-token bearer scheme in <c>/openapi/v1.json</c>.</summary>
internal sealed class BearerSecuritySchemeTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "NotifyBridge API";
        document.Info.Description = "Authenticate with a personal API token: `Authorization: Bearer nbt_…` (create one on the API tokens page).";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["ApiToken"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "Personal API token",
        };
        return Task.CompletedTask;
    }
}
