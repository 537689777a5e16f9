using System.Collections.Immutable;
using RallyLive.Abstractions;
using RallyLive.Abstractions.Rallies;

namespace RallyLive.Grains.Rallies;

/// <summary>Turns an organiser's <see cref="CreateRallyRequest"/> into a rally's first state, or refuses it.</summary>
internal static class RallyValidation
{
    public static RallyState NewRally(CreateRallyRequest request, RallyOptions limits)
    {
        ArgumentNullException.ThrowIfNull(request);
        var speakers = OrEmpty(request.Speakers).Select(s => new SpeakerInput(
            Ids.Require(s?.Id, "speaker"),
            TextLimits.Require(s!.Name, limits.MaxNameLength, "speaker name"),
            TextLimits.Optional(s.Bio, limits.MaxBioLength, "speaker bio"))).ToList();
        var streams = OrEmpty(request.Streams).Select(s => new StreamInput(
            Ids.Require(s?.Id, "stream"),
            TextLimits.Require(s!.Name, limits.MaxNameLength, "stream name"),
            EmbedUrl(s.EmbedUrl))).ToList();
        var segments = OrEmpty(request.RunOfShow).Select((s, i) => new SegmentView(
            i,
            TextLimits.Require(s?.Title, limits.MaxNameLength, "segment title"),
            s!.SpeakerId is null ? null : KnownSpeaker(s.SpeakerId, speakers),
            null,
            null)).ToList();

        RequireUnique(speakers.Select(s => s.Id), "speaker");
        RequireUnique(streams.Select(s => s.Id), "stream");
        if (streams.Count == 0 || streams.Count > limits.MaxStreams)
        {
            throw Invalid($"A rally has 1 to {limits.MaxStreams} streams, not {streams.Count}.");
        }

        if (segments.Count > limits.MaxSegments)
        {
            throw Invalid($"A run of show has at most {limits.MaxSegments} segments.");
        }

        return new RallyState
        {
            Title = TextLimits.Require(request.Title, limits.MaxTitleLength, "rally title"),
            Cause = TextLimits.Optional(request.Cause, limits.MaxCauseLength, "cause"),
            Status = RallyStatus.Draft,
            Speakers = speakers,
            Streams = streams,
            Segments = segments,
            Palette = Palette(request.ReactionPalette),
        };
    }

    private static List<ReactionKind> Palette(ImmutableArray<ReactionKind> palette)
    {
        if (palette.IsDefaultOrEmpty)
        {
            return [.. RallyOptions.DefaultPalette];
        }

        var kinds = palette.Select(k => new ReactionKind(
            Ids.Require(k?.Name, "reaction"),
            k!.Valence is >= -1 and <= 1 ? k.Valence : throw Invalid($"The valence of reaction '{k.Name}' must be within [-1, 1]."))).ToList();
        RequireUnique(kinds.Select(k => k.Name), "reaction");
        return kinds.Count <= 16 ? kinds : throw Invalid("A rally has at most 16 reactions.");
    }

    private static string? EmbedUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && url.Length <= 500
            ? uri.AbsoluteUri
            : throw Invalid("A stream's embed URL must be an absolute http or https URL of at most 500 characters.");
    }

    private static string KnownSpeaker(string speakerId, List<SpeakerInput> speakers) =>
        speakers.Any(s => s.Id == speakerId)
            ? speakerId
            : throw new RallyException(RallyErrorCode.SpeakerNotFound, $"The run of show names speaker '{speakerId}', who is not among the rally's speakers.");

    private static void RequireUnique(IEnumerable<string> ids, string what)
    {
        if (ids.GroupBy(id => id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw Invalid($"Two {what}s share the id '{duplicate.Key}'.");
        }
    }

    private static ImmutableArray<T> OrEmpty<T>(ImmutableArray<T> items) => items.IsDefault ? [] : items;

    private static RallyException Invalid(string message) => new(RallyErrorCode.InvalidRally, message);
}
