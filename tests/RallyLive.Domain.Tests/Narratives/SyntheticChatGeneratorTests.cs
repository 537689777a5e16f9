using Xunit;

namespace RallyLive.Domain.Tests.Narratives;

public sealed class SyntheticChatGeneratorTests
{
    [Fact]
    public void Generate_WithTheSameSeed_GivesTheSameChat()
    {
        var options = new SyntheticChatOptions { Seed = 3, Campaigns = SyntheticChatGenerator.DemoCampaigns(3) };

        var first = SyntheticChatGenerator.Generate(options);
        var second = SyntheticChatGenerator.Generate(options);

        Assert.Equal(first.Messages, second.Messages);
    }

    [Fact]
    public void Generate_WithAnotherSeed_GivesAnotherChat()
    {
        var first = SyntheticChatGenerator.Generate(new SyntheticChatOptions { Seed = 3 });
        var second = SyntheticChatGenerator.Generate(new SyntheticChatOptions { Seed = 4 });

        Assert.NotEqual(first.Messages.Select(m => m.Observation.Text), second.Messages.Select(m => m.Observation.Text));
    }

    [Fact]
    public void Generate_WithoutCampaigns_IsSeveralHundredViewersChattingOnThreeStreamsForTenMinutes()
    {
        var chat = SyntheticChatGenerator.Generate(new SyntheticChatOptions { Seed = 101 });
        var start = new SyntheticChatOptions { Seed = 101 }.Start;

        Assert.All(chat.Messages, m => Assert.Null(m.CampaignId));
        Assert.InRange(chat.Messages.Select(m => m.Observation.ViewerId).Distinct().Count(), 250, 450);
        Assert.Equal(["kira-live", "main-stage", "street-cam"], chat.Messages.Select(m => m.Observation.StreamId).Distinct().Order(StringComparer.Ordinal));
        Assert.All(chat.Messages, m => Assert.InRange(m.Observation.At, start, start + TimeSpan.FromMinutes(10)));
        Assert.All(chat.Messages, m => Assert.True(m.Observation.ViewerJoinedAt <= m.Observation.At, m.Observation.MessageId));
        Assert.Equal(chat.Messages.OrderBy(m => m.Observation.At).Select(m => m.Observation.MessageId), chat.Messages.Select(m => m.Observation.MessageId));
    }

    [Fact]
    public void Generate_WithTheDemoCampaigns_LabelsEveryCampaignMessageFromItsStart()
    {
        var options = new SyntheticChatOptions { Seed = 5, Campaigns = SyntheticChatGenerator.DemoCampaigns(5) };

        var chat = SyntheticChatGenerator.Generate(options);

        foreach (var campaign in chat.Campaigns)
        {
            var posted = chat.Messages.Where(m => m.CampaignId == campaign.Plan.Id).ToList();
            Assert.Equal(campaign.MessageCount, posted.Count);
            Assert.All(posted, m => Assert.Equal(campaign.Plan.Kind, m.Kind));
            Assert.All(posted, m => Assert.True(m.Observation.At >= options.Start + campaign.Plan.Start, m.Observation.MessageId));
            Assert.Equal(campaign.Plan.Accounts, posted.Select(m => m.Observation.ViewerId).Distinct().Count());
        }
    }

    [Fact]
    public void Generate_MakesRaidersNewViewersAndInfiltratorsEstablishedOnes()
    {
        var chat = SyntheticChatGenerator.Generate(new SyntheticChatOptions { Seed = 5, Campaigns = SyntheticChatGenerator.DemoCampaigns(5) });
        var firstMessages = chat.Messages.Where(m => m.CampaignId is not null).GroupBy(m => m.Observation.ViewerId).Select(g => g.First()).ToList();

        Assert.All(firstMessages.Where(m => m.Kind == CampaignKind.Raid), m =>
            Assert.InRange(m.Observation.At - m.Observation.ViewerJoinedAt, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(5)));
        Assert.All(firstMessages.Where(m => m.Kind != CampaignKind.Raid), m =>
            Assert.True(m.Observation.At - m.Observation.ViewerJoinedAt >= TimeSpan.FromSeconds(60), m.Observation.MessageId));
    }
}
