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
            // Framework refusals (unreadable JSON, a missing body) get a code too, so every client error has one.
            if (context.ProblemDetails.Status == StatusCodes.Status400BadRequest)
            {
                context.ProblemDetails.Extensions.TryAdd("code", ApiErrors.InvalidRequest);
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
