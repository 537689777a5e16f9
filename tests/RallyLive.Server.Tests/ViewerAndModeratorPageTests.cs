using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Questions;
using RallyLive.Abstractions.Rallies;
using RallyLive.Server.Api;
using RallyLive.Server.Tests.Hubs;
using CreatedRally = RallyLive.Server.Api.CreatedRally;

namespace RallyLive.Server.Tests;

/// <summary>
/// The viewer page and the moderator console in real headless Chromium against a live server: reactions, confirmed
/// votes, moderation reaching viewers, refusals, untrusted text, a lost connection. Screenshots are saved.
/// </summary>
public sealed class ViewerAndModeratorPageTests : IAsyncLifetime
{
    private static readonly string[] Payloads = ["<img src=x onerror=window.__xss=1>", "<script>window.__xss=1</script>"];

    private readonly LiveServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task TwoViewers_ReactAndVoteWithConfirmation_AndSeeTheServersFigures()
    {
        var rally = await _server.Api.CreateRallyAsync();
        await using var organiser = await ConnectOrganiserAsync(rally);
        await organiser.GoLiveAsync();
        var pollId = await OpenPollAsync(organiser, "Should smile technology follow a public ethical standard?", ["Yes", "No", "Undecided"]);

        var seen = await RunAsync("viewer-vote.mjs", rally.RallyId, new { cheers = 7, claps = 3 });

        foreach (var viewer in new[] { "ana", "bo" })
        {
            Assert.Equal(7, seen.GetProperty("totals").GetProperty(viewer).GetProperty("cheer").GetInt32());
            Assert.Equal(3, seen.GetProperty("totals").GetProperty(viewer).GetProperty("clap").GetInt32());
        }

        Assert.True(seen.GetProperty("cheerBurstsOnBo").GetInt32() > 0, "the other viewer's page drew bursts from the server's frames");
        Assert.True(seen.GetProperty("confirmationShown").GetBoolean());
        Assert.Equal([0, 0, 0], Ints(seen.GetProperty("talliesBeforeConfirm")));
        var serverTallies = (await organiser.GetPollAsync(new(pollId))).Tallies.ToArray();
        Assert.Equal([2, 0, 0], serverTallies);
        Assert.Equal(serverTallies, Ints(seen.GetProperty("seenByAna")));
        Assert.Equal(serverTallies, Ints(seen.GetProperty("seenByBo")));
        Assert.True(seen.GetProperty("identitySame").GetBoolean(), "a reload keeps the viewer id");
        Assert.False(seen.GetProperty("namePromptAfterReload").GetBoolean(), "a reload does not ask for the name again");
        Assert.Contains("Yes", seen.GetProperty("votedAfterReload").GetString(), StringComparison.Ordinal);
        var secondTab = seen.GetProperty("inSecondTab");
        Assert.False(secondTab.GetProperty("namePrompt").GetBoolean(), "a second tab of the same browser does not ask for a name");
        Assert.True(secondTab.GetProperty("sameViewer").GetBoolean(), "a second tab of the same browser is the same viewer");
        Assert.Contains("Yes", secondTab.GetProperty("voted").GetString(), StringComparison.Ordinal);
        var phone = seen.GetProperty("phoneLayout");
        Assert.False(phone.GetProperty("overflow").GetBoolean(), "nothing wider than a 360 px screen");
        Assert.Equal(1, phone.GetProperty("columns").GetInt32());
        Assert.True(phone.GetProperty("smallestTarget").GetDouble() >= 44, "reaction buttons are big tap targets");
        AssertNoProblems(seen.GetProperty("problems"));
        AssertScreenshots(seen.GetProperty("screenshots"));
    }

    [Fact]
    public async Task Phone_ShowsStreamSpeakerReactionsAndChatFirst_AndAnnouncesNewPollsAndPins()
    {
        var rally = await _server.Api.CreateRallyAsync();

        var seen = await RunAsync("viewer-phone.mjs", rally.RallyId, new { organiserKey = rally.OrganiserKey });

        // On a 390×844 phone the stream, the speaker, the reactions and the chat with its input are on the first screen.
        var screen = seen.GetProperty("firstScreen");
        var height = screen.GetProperty("height").GetInt32();
        Assert.Equal(844, height);
        foreach (var part in new[] { "embed", "speaker", "reactions", "chatInput" })
        {
            var box = screen.GetProperty(part);
            Assert.True(box.GetProperty("top").GetInt32() >= 0 && box.GetProperty("bottom").GetInt32() <= height, $"{part} is on the first screen: {box}");
        }

        Assert.True(screen.GetProperty("chat").GetProperty("top").GetInt32() < height, "the chat starts on the first screen");

        // The connection and the rally say different things.
        Assert.Equal("Connected", seen.GetProperty("words").GetProperty("connection").GetString());
        Assert.Equal("Live", seen.GetProperty("words").GetProperty("rally").GetString());

        // Emoji from the bundled font, served by this server.
        Assert.NotEmpty(seen.GetProperty("emojiFont").EnumerateArray());
        Assert.All(seen.GetProperty("emojiFont").EnumerateArray(), sameOrigin => Assert.True(sameOrigin.GetBoolean()));
        Assert.True(seen.GetProperty("emojiColourPixels").GetInt32() > 500, "the reaction symbols are drawn in colour");

        // A new poll and a new pin arrive as banners that scroll to them; each poll option shows once.
        Assert.Equal("Should smile technology follow a public ethical standard?", seen.GetProperty("pollArrival").GetString());
        Assert.True(seen.GetProperty("arrivalGone").GetBoolean());
        Assert.Equal(["Should smile technology follow a public ethical standard?", "Yes", "No", "Undecided"], Strings(seen.GetProperty("optionTexts")));
        Assert.Equal(3, seen.GetProperty("optionButtons").GetInt32());
        Assert.Equal(3, seen.GetProperty("laptopOptionButtons").GetInt32());
        Assert.Equal("Doors close at nine", seen.GetProperty("pinArrival").GetString());
        Assert.False(seen.GetProperty("overflow").GetBoolean(), "nothing wider than the phone");
        AssertNoProblems(seen.GetProperty("problems"));
        AssertScreenshots(seen.GetProperty("screenshots"));
    }

    [Fact]
    public async Task Moderator_HidesDeletesTimesOutAndBans_AndViewersSeeItAtOnce()
    {
        var rally = await _server.Api.CreateRallyAsync();
        await using var organiser = await ConnectOrganiserAsync(rally);
        await organiser.GoLiveAsync();

        var seen = await RunAsync("moderator-console.mjs", rally.RallyId, new { moderatorKey = (await _server.Api.MintModeratorAsync(rally, "Ezra")).Key });

        Assert.All(seen.GetProperty("accepted").EnumerateArray(), refusal => Assert.Equal(string.Empty, refusal.GetString()));
        Assert.Equal("Stage camera", seen.GetProperty("streamLabel").GetString());
        Assert.Equal(["Hide", "Delete", "TimeOut", "Ban"], Strings(seen.GetProperty("offeredOnVisible")));
        Assert.Equal(["Restore", "Delete", "TimeOut", "Ban"], Strings(seen.GetProperty("offeredOnHidden")));
        Assert.Equal(["First message from Reed", "Second message from Reed", "Hello from Sol"], Strings(seen.GetProperty("orderAfterRestore")));
        Assert.Contains("Spam", seen.GetProperty("flaggedText").GetString(), StringComparison.Ordinal);
        Assert.Contains("Hello from Sol", seen.GetProperty("flaggedText").GetString(), StringComparison.Ordinal);
        Assert.False(seen.GetProperty("reportOfferedOnOwn").GetBoolean(), "a viewer is not offered to report their own message");
        // The timed-out viewer reads a local clock time and a length, not the server's UTC timestamp.
        Assert.Matches(@"^A moderator timed you out: you can chat again at \d\d:\d\d:\d\d, in 5 minutes\.$", seen.GetProperty("timedOutRefusal").GetString());

        // The audit log names the moderator, the viewer and the message, with no internal ids.
        var audit = Strings(seen.GetProperty("auditLines"));
        Assert.Contains(audit, line => line.Contains("Ezra hid Reed's message “First message from Reed”", StringComparison.Ordinal));
        Assert.Contains(audit, line => line.Contains("Ezra deleted Reed's message “Second message from Reed”", StringComparison.Ordinal));
        Assert.Contains(audit, line => line.Contains("Ezra timed out Reed for 5 minutes", StringComparison.Ordinal));
        Assert.All(audit, line => Assert.DoesNotMatch("mod-|v-[0-9a-f]|stage:", line));
        Assert.Matches("Slow mode is on.*every 30 seconds", seen.GetProperty("slowModeRefusal").GetString());
        AssertNoProblems(seen.GetProperty("consoleProblems"));
        AssertScreenshots(seen.GetProperty("screenshots"));
    }

    [Fact]
    public async Task ModeratorConsole_UnderBusyChat_ShowsOneLinePerMessage_PausesFiltersAndOpensViewerCards()
    {
        var rally = await _server.Api.CreateRallyAsync();
        await using var organiser = await ConnectOrganiserAsync(rally);
        await organiser.GoLiveAsync();

        var seen = await RunAsync("moderator-console-flow.mjs", rally.RallyId, new { moderatorKey = (await _server.Api.MintModeratorAsync(rally, "Ezra")).Key });

        var layout = seen.GetProperty("layout");
        Assert.Equal(28, layout.GetProperty("rows").GetInt32());
        var rowHeight = Assert.Single(Ints(layout.GetProperty("heights")));
        Assert.True(rowHeight <= 30, $"a message takes one line ({rowHeight} px)");
        Assert.True(layout.GetProperty("inView").GetInt32() >= 25, $"{layout.GetProperty("inView").GetInt32()} messages in view at 1440x900");
        Assert.True(layout.GetProperty("newestInView").GetBoolean(), "the newest message is in the window, not below it");
        Assert.Equal("0", layout.GetProperty("actionsHidden").GetString());
        Assert.Equal("1", seen.GetProperty("actionsOnHover").GetString());
        Assert.Equal(0, seen.GetProperty("shownWhilePaused").GetInt32());
        Assert.True(seen.GetProperty("heldWhileOverBar").GetBoolean(), "the queue resumed when the pointer reached for the new-messages bar");
        Assert.Contains("blocked term: sellout", seen.GetProperty("flaggedReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(["what a sellout this is"], Strings(seen.GetProperty("flaggedOnly")));
        Assert.Equal(["what a sellout this is"], Strings(seen.GetProperty("heldOnly")));
        Assert.Equal(33, seen.GetProperty("allAgain").GetInt32());
        Assert.Equal("Crowd 3 says hello, round 1", seen.GetProperty("focusedAfterJ").GetString());
        Assert.Equal("Crowd 3", seen.GetProperty("cardName").GetString());
        Assert.Equal(["Visible: Crowd 3 while paused", "Visible: Crowd 3 says hello, round 2", "Hidden: Crowd 3 says hello, round 1"],
            Strings(seen.GetProperty("cardMessages")));
        var cardActions = Strings(seen.GetProperty("cardActions"));
        Assert.Contains(cardActions, line => line.Contains("Ezra hid Crowd 3's message “Crowd 3 says hello, round 1”", StringComparison.Ordinal));
        Assert.Contains(cardActions, line => line.Contains("Ezra timed out Crowd 3 for 10 minutes", StringComparison.Ordinal));
        Assert.StartsWith("timed out until", seen.GetProperty("cardStatus").GetString(), StringComparison.Ordinal);
        Assert.Equal(["Crowd 5 says hello, round 1", "Crowd 5 says hello, round 2"], Strings(seen.GetProperty("onlyCrowd5")));
        AssertNoProblems(seen.GetProperty("problems"));
        AssertScreenshots(seen.GetProperty("screenshots"));
    }

    [Fact]
    public async Task UntrustedText_ShowsLiterally_AndRunsNothing()
    {
        using var created = await _server.Api.SendAsync(HttpMethod.Post, "/api/rallies", body: new CreateRallyRequest(
            Payloads[0], Payloads[1], [new("speaker", Payloads[1])], [new("stage", Payloads[0])], [new(Payloads[0], "speaker")], ReactionPalette: []));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var rally = (await created.Content.ReadFromJsonAsync<CreatedRally>(ApiClient.Json))!;
        await using var organiser = await ConnectOrganiserAsync(rally);
        await organiser.GoLiveAsync();
        await organiser.PinAsync(new(Payloads[1], PinKind.Announcement));
        await OpenPollAsync(organiser, Payloads[0], Payloads);

        var seen = await RunAsync("viewer-xss.mjs", rally.RallyId, new { payloads = Payloads, moderatorKey = (await _server.Api.MintModeratorAsync(rally, "Ezra")).Key });

        foreach (var page in new[] { "viewer", "moderator" })
        {
            var inspected = seen.GetProperty(page);
            Assert.Equal("undefined", inspected.GetProperty("xss").GetString());
            Assert.Equal(0, inspected.GetProperty("injected").GetInt32());
            Assert.All(inspected.GetProperty("shown").EnumerateArray(), count => Assert.True(count.GetInt32() >= 2, $"{page}: each payload shows as text"));
        }

        Assert.Equal(Payloads, Strings(seen.GetProperty("chatNames")));
        Assert.Equal(Payloads.Reverse(), Strings(seen.GetProperty("chatTexts")));
        Assert.Equal(Payloads[0], seen.GetProperty("title").GetString());
        Assert.Equal(Payloads[1], seen.GetProperty("speaker").GetString());
        Assert.Equal(Payloads, Strings(seen.GetProperty("options")));
        Assert.Equal([Payloads[1]], Strings(seen.GetProperty("pinned")));
        AssertNoProblems(seen.GetProperty("problems"));
        AssertScreenshots(seen.GetProperty("screenshots"));
    }

    [Fact]
    public async Task LostConnection_IsShown_TalliesGreyedAsStale_AndCaughtUpAfter()
    {
        var rally = await _server.Api.CreateRallyAsync();
        await using var organiser = await ConnectOrganiserAsync(rally);
        await organiser.GoLiveAsync();
        await OpenPollAsync(organiser, "Standards now?", ["Yes", "No"]);

        var seen = await RunAsync("viewer-reconnect.mjs", rally.RallyId, new { });

        var whileDown = seen.GetProperty("whileDown");
        Assert.StartsWith("Connection lost", whileDown.GetProperty("banner").GetString(), StringComparison.Ordinal);
        Assert.Equal([1, 0], Ints(whileDown.GetProperty("tallies")));
        Assert.Equal("0.6", whileDown.GetProperty("greyed").GetProperty("opacity").GetString());
        Assert.Contains("grayscale", whileDown.GetProperty("greyed").GetProperty("filter").GetString(), StringComparison.Ordinal);
        Assert.False(whileDown.GetProperty("reactionsEnabled").GetBoolean(), "reactions are not offered while not live");
        Assert.Equal([1, 1], Ints(seen.GetProperty("afterTallies")));
        Assert.Equal("1", seen.GetProperty("afterOpacity").GetString());
        Assert.Empty(seen.GetProperty("pageErrors").EnumerateArray());
        Assert.True(File.Exists(seen.GetProperty("screenshot").GetString()));
    }

    [Fact]
    public async Task BadInput_GetsAClearAnswerOnThePage()
    {
        var rally = await _server.Api.CreateRallyAsync();
        var viewer = await _server.Api.JoinAsync(rally.RallyId, "stage", "Someone");

        var seen = await RunAsync("viewer-input.mjs", rally.RallyId, new
        {
            moderatorKey = (await _server.Api.MintModeratorAsync(rally, "Ezra")).Key,
            viewerToken = viewer.ViewerToken,
        });

        Assert.Equal("No such stream", seen.GetProperty("unknownStream").GetString());
        Assert.Equal("5 too many", seen.GetProperty("overLimit").GetProperty("counter").GetString());
        Assert.True(seen.GetProperty("overLimit").GetProperty("sendDisabled").GetBoolean());
        Assert.Equal("Type a message first.", seen.GetProperty("emptyRefusal").GetString());
        Assert.Contains("at most 600 seconds", seen.GetProperty("slowModeRefusal").GetString(), StringComparison.Ordinal);
        Assert.False(seen.GetProperty("keyLeftInAddress").GetBoolean(), "the key leaves the address bar");
        AssertNoProblems(seen.GetProperty("viewerProblems"));
        AssertNoProblems(seen.GetProperty("consoleProblems"));
        AssertNoProblems(seen.GetProperty("keylessProblems"));
    }

    [Fact]
    public async Task AQuestion_AskedApprovedUpvotedAndShown_IsOnEveryViewersScreen_AsText()
    {
        var rally = await _server.Api.CreateRallyAsync();
        var moderator = await _server.Api.MintModeratorAsync(rally, "Ezra");
        var question = "Will the mini-lab reach <b>every</b> district? <img src=x onerror=window.__xss=1>";

        var seen = await RunAsync("questions.mjs", rally.RallyId, new { moderatorKey = moderator.Key, organiserKey = rally.OrganiserKey, question });

        Assert.Equal($"{200 - question.Length} left", seen.GetProperty("counter").GetString());
        Assert.Equal("Your question is waiting for a moderator.", seen.GetProperty("waiting").GetString());
        Assert.Equal("", seen.GetProperty("refusal").GetString());
        Assert.Equal(question, seen.GetProperty("pendingOnConsole").GetProperty("text").GetString());
        Assert.True(seen.GetProperty("ownUpvoteDisabled").GetBoolean(), "a viewer cannot upvote their own question");
        Assert.True(seen.GetProperty("boUpvotedDisabled").GetBoolean(), "an upvote is given once");
        Assert.True(seen.GetProperty("boUpvotedAfterReload").GetBoolean(), "a reload remembers the upvote");
        Assert.Equal(question, seen.GetProperty("shownOnAna").GetString());
        Assert.Equal(question, seen.GetProperty("shownOnBo").GetString());
        Assert.Equal(0, seen.GetProperty("shownMarkup").GetInt32());
        Assert.Equal(0, seen.GetProperty("listedOnBo").GetProperty("markup").GetInt32());
        Assert.False(seen.GetProperty("phoneOverflow").GetBoolean(), "nothing wider than a 390 px phone");
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("xss").ValueKind);
        var stored = Assert.Single(await _server.Services.GetRequiredService<IGrainFactory>().GetGrain<IQuestionsGrain>(rally.RallyId).GetQuestions(forModerators: true));
        Assert.Equal((QuestionState.Answered, 1), (stored.State, stored.Upvotes));
        AssertNoProblems(seen.GetProperty("problems"));
        AssertScreenshots(seen.GetProperty("screenshots"));
    }

    private Task<OrganiserHubClient> ConnectOrganiserAsync(CreatedRally rally) => OrganiserHubClient.ConnectAsync(_server.BaseUrl, rally.OrganiserKey);

    private static async Task<string> OpenPollAsync(OrganiserHubClient organiser, string question, string[] options)
    {
        var pollId = (await organiser.CreatePollAsync(new(question, [.. options], ResultsVisibility.Live))).PollId;
        await organiser.OpenPollAsync(new(pollId));
        return pollId;
    }

    private Task<JsonElement> RunAsync(string script, string rallyId, object extra)
    {
        var config = JsonSerializer.SerializeToElement(extra, ApiClient.Json).EnumerateObject()
            .ToDictionary(p => p.Name, p => (object)p.Value);
        config["baseUrl"] = _server.BaseUrl;
        config["screenshotDirectory"] = NodeScript.ScreenshotDirectory;
        config["rallyId"] = rallyId;
        config["streamId"] = "stage";
        return NodeScript.Browser.RunAsync(script, config);
    }

    private static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static void AssertNoProblems(JsonElement problems) => Assert.Empty(Strings(problems));

    private static void AssertScreenshots(JsonElement paths) => Assert.All(Strings(paths), path => Assert.True(File.Exists(path), path));
}
