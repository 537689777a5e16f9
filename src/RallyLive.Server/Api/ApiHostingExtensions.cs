using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;

namespace RallyLive.Server.Api;

/// <summary>JSON, ProblemDetails and the mapping of refusals to them.</summary>
public static class ApiHostingExtensions
{
    public static WebApplicationBuilder AddRallyLiveApi(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // Framework refusals (unreadable JSON, a missing body, a body over Kestrel:Limits:MaxRequestBodySize) get a
            // code too, so every client error has one.
            if (ApiErrors.CodeOfFrameworkRefusal(context.ProblemDetails.Status) is { } code)
            {
                context.ProblemDetails.Extensions.TryAdd("code", code);
            }
        });
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        return builder;
    }

    public static WebApplication UseRallyLiveApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
