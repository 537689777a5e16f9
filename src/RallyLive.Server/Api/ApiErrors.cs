using Microsoft.AspNetCore.Diagnostics;
using RallyLive.Abstractions;
using RallyLive.Server.Realtime;

namespace RallyLive.Server.Api;

/// <summary>
/// How refusals reach HTTP clients: ProblemDetails whose <c>code</c> extension is a stable name, a
/// <see cref="RallyErrorCode"/> or one of the server's own codes below.
/// </summary>
public static class ApiErrors
{
    public const string Unauthenticated = "Unauthenticated";
    public const string Forbidden = "Forbidden";
    public const string InvalidRequest = nameof(RallyErrorCode.InvalidRequest);
    public const string RequestTooLarge = "RequestTooLarge";

    /// <summary>The code of a refusal the framework made itself (no grain involved), by its status.</summary>
    public static string? CodeOfFrameworkRefusal(int? status) => status switch
    {
        StatusCodes.Status400BadRequest => InvalidRequest,
        StatusCodes.Status413PayloadTooLarge => RequestTooLarge,
        _ => null,
    };

    public static int StatusOf(RallyErrorCode code) => code switch
    {
        RallyErrorCode.RallyNotFound or RallyErrorCode.StreamNotFound or RallyErrorCode.SpeakerNotFound or RallyErrorCode.PollNotFound
            or RallyErrorCode.OptionNotFound or RallyErrorCode.MessageNotFound or RallyErrorCode.PinNotFound or RallyErrorCode.NarrativeNotFound
            or RallyErrorCode.QuestionNotFound
            => StatusCodes.Status404NotFound,
        RallyErrorCode.RallyAlreadyExists or RallyErrorCode.PollAlreadyExists or RallyErrorCode.RallyEnded or RallyErrorCode.RallyNotLive
            or RallyErrorCode.PollClosed or RallyErrorCode.PollNotOpen or RallyErrorCode.NoNextSegment or RallyErrorCode.ViewerNotJoined
            or RallyErrorCode.AlreadyReported or RallyErrorCode.QuestionNotApproved or RallyErrorCode.QuestionLimitReached
            => StatusCodes.Status409Conflict,
        RallyErrorCode.ViewerBanned or RallyErrorCode.ViewerTimedOut => StatusCodes.Status403Forbidden,
        RallyErrorCode.SlowModeActive or RallyErrorCode.RateLimited => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status400BadRequest,
    };

    public static IResult Problem(int status, string code, string detail) =>
        TypedResults.Problem(detail, statusCode: status, extensions: new Dictionary<string, object?> { ["code"] = code });
}

/// <summary>
/// Turns a grain's <see cref="RallyException"/>, or a request the framework could not read (bad JSON, a missing
/// body: thrown in Development, answered directly elsewhere), into ProblemDetails. Anything else stays a 500
/// without details.
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problems, RealtimeMetrics metrics) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, detail) = exception switch
        {
            RallyException refused => (ApiErrors.StatusOf(refused.Code), refused.Code.ToString(), refused.Message),
            BadHttpRequestException unreadable => (unreadable.StatusCode, ApiErrors.CodeOfFrameworkRefusal(unreadable.StatusCode) ?? ApiErrors.InvalidRequest,
                unreadable.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is larger than the server accepts." : "The request could not be read."),
            _ => (0, null, null),
        };
        if (code is null)
        {
            return false;
        }

        metrics.Rejected(code);
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = code, Detail = detail, Extensions = { ["code"] = code } },
        });
    }
}
