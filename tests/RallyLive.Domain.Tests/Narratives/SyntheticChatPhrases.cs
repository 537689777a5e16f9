namespace RallyLive.Domain.Tests.Narratives;

/// <summary>
/// A line of chat with the sentiment the rally's lexicon scorer gives it (the values are
/// <c>ChatSentimentScorer.Default.Score</c> of each line, measured once): most lines score exactly 0, as real chat does.
/// </summary>
public sealed record Phrase(string Text, double Sentiment);

/// <summary>
/// The words of the demo's world (the True Smile rally: Luna Vega, Kira Jones, Dr. Orion Rivers and his mini-lab, Ezra
/// Kade's installation) that <see cref="SyntheticChatGenerator"/> composes chat from. Organic lines are built from parts,
/// so that a crowd of hundreds rarely repeats itself except where crowds really do ("yes!!", "love this", chants).
/// </summary>
public static class SyntheticChatPhrases
{
    /// <summary>Short reactions every crowd repeats; none has two content words, so none may make a narrative.</summary>
    public static readonly Phrase[] Reactions =
    [
        new("yes!!", 0.58), new("YESSS", 0.49), new("love this", 0.64), new("so true", 0.44), new("🔥🔥🔥", 0.86),
        new("👏👏👏", 0.9), new("lol", 0.15), new("omg", 0), new("❤️", 0.61), new("this!!", 0), new("100%", 0),
        new("facts", 0.38), new("wow", 0.38), new("LETS GO", 0), new("haha", 0.15), new("yes yes yes", 0.86),
        new("🙌", 0.56), new("true", 0.38), new("preach", 0.38), new("hmm", 0), new("boo", -0.49), new("meh", -0.38),
        new("ok", 0.25), new("same", 0), new("😂", 0.15), new("😁😁", 0.75), new("go go go", 0), new("whoa", 0),
    ];

    /// <summary>Chants and slogans of the movement: organic, repeated by many viewers, and warm.</summary>
    public static readonly Phrase[] Chants =
    [
        new("true smiles!!", 0.49), new("smiles for everyone", 0), new("real smiles real people", 0),
        new("dental care for all", 0), new("we love you luna", 0.64), new("smile equity now", 0),
        new("TRUE SMILE TRUE SMILE", 0.64), new("thank you dr rivers", 0.49), new("kira we love you", 0.64),
        new("this is history", 0), new("imperfect is beautiful", 0.56),
    ];

    /// <summary>Names by which the crowd calls each speaker.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> SpeakerNames = new Dictionary<string, string[]>
    {
        ["luna"] = ["Luna", "luna", "Luna Vega", "LUNA", "luna vega"],
        ["kira"] = ["Kira", "kira", "Kira Jones", "KIRA", "kira jones"],
        ["rivers"] = ["Dr Rivers", "dr. rivers", "Rivers", "Orion", "dr rivers", "the doc"],
        ["ezra"] = ["Ezra", "ezra kade", "Ezra Kade", "the artist"],
    };

    /// <summary>What viewers say about a speaker, after their name.</summary>
    public static readonly Phrase[] SpeakerPraise =
    [
        new("is on fire today", 0.38), new("speaks for all of us", 0), new("gave me chills", 0),
        new("said it perfectly", 0), new("is so brave for this", 0.6), new("makes it sound possible", 0),
        new("for president", 0), new("nailed that point", 0), new("is such a good speaker", 0.49),
        new("just made my whole week", 0), new("keeps it real", 0), new("has the whole crowd now", 0),
        new("is explaining it so clearly", 0), new("deserves a bigger stage", 0), new("really knows this stuff", 0),
        new("brought receipts", 0), new("is the reason i came", 0), new("has such a calm voice", 0.38),
        new("was worth the wait", 0), new("hit different today", 0), new("is very honest about it", 0.54),
        new("made me tear up", 0), new("sounds nervous but it's fine", 0.36), new("talks a bit fast", 0),
        new("seems tired today", -0.38), new("could slow down a little", -0.3),
    ];

    /// <summary>What the crowd talks about: subjects of a topic line...</summary>
    public static readonly string[] Topics =
    [
        "free check-ups", "community dental co-ops", "ending smile-based hiring", "public art like this",
        "affordable braces", "a dentist in every district", "the co-op model", "dental care for kids",
        "smile equity", "the whole movement", "check-ups at school", "real teeth on billboards",
    ];

    /// <summary>...and what they say about it.</summary>
    public static readonly Phrase[] TopicTakes =
    [
        new("would change my neighbourhood", 0), new("is long overdue", 0), new("should be everywhere", 0),
        new("is what we need", 0), new("gives me hope", 0.49), new("is such a good idea", 0.49),
        new("could actually work", 0), new("matters so much", 0), new("sounds expensive but worth it", 0),
        new("needs funding first", 0), new("was my first vote in the poll", 0), new("is the priority for me", 0),
        new("helped my family a lot", 0), new("is overdue in the outer districts", 0), new("needs more volunteers", 0),
    ];

    /// <summary>Rivers' demo draws talk about the mini-lab itself: mostly curious or impressed, sometimes doubtful.</summary>
    public static readonly Phrase[] MiniLabTalk =
    [
        new("the mini-lab looks amazing", 0.64), new("how does the mini lab get power?", 0),
        new("is the mini-lab coming to district 4?", 0), new("that mini lab is genius", 0),
        new("mini-lab in every school please", 0), new("can the mini lab do fillings?", 0),
        new("how many people can the mini-lab see a day", 0), new("the lab fits in a van?? wow", 0.38),
        new("my grandma needs that lab", 0), new("is the mini lab certified?", 0),
        new("the mini-lab demo is so cool", 0.54), new("who builds the mini labs?", 0),
    ];

    /// <summary>Questions, mostly neutral.</summary>
    public static readonly Phrase[] Questions =
    [
        new("where do i sign up for the co-op?", 0), new("how much does a check-up cost?", 0),
        new("when does ezra's installation open?", 0), new("is there a replay later?", 0),
        new("can someone explain smile-based hiring?", 0), new("where's the poll link?", 0),
        new("who's speaking next?", 0), new("does the co-op take insurance?", 0),
        new("is this the main stage stream?", 0), new("how do i volunteer?", 0),
        new("what district is the rally in?", 0), new("can kids come to the next one?", 0),
        new("what was that? audio cut", 0), new("is there a transcript?", 0),
        new("which poll option is winning?", 0.49), new("are the check-ups really free?", 0),
    ];

    /// <summary>Mild disagreement and dissent: organic, each viewer putting it their own way, mostly without a sentiment word.</summary>
    public static readonly Phrase[] Dissent =
    [
        new("not convinced this scales tbh", 0), new("who pays for all of it though", 0),
        new("i like my veneers honestly", 0.38), new("kira sold veneers for years, hard to buy this", 0),
        new("kinda boring so far", -0.44), new("feels like a PR stunt to me", 0.38), new("too idealistic imo", 0),
        new("the co-op in my district closed after a year", 0), new("easy to say with a perfect smile", 0.61),
        new("she's just chasing clout", 0), new("speeches won't fix the waiting lists", 0),
        new("this rally is preaching to the choir", 0), new("not a fan of the poll options", 0),
        new("the enhancements helped me get a job, just saying", 0), new("i'll believe it when i see the budget", 0),
        new("sounds nice, won't happen", 0.49), new("where was kira five years ago", 0),
        new("public art won't fix teeth", 0), new("cringe", -0.49), new("this is naive", 0),
        new("my dentist says co-ops cut corners", 0), new("the last free clinic had a six month wait", 0),
    ];

    /// <summary>Social chatter and complaints about the stream.</summary>
    public static readonly Phrase[] Banter =
    [
        new("hi from district 9!", 0), new("first rally ever", 0), new("anyone else watching from the east side?", 0),
        new("my mum is watching too", 0), new("audio is a bit quiet", 0), new("street cam is lagging", -0.3),
        new("can't see the stage from here", 0), new("brb getting food", 0), new("who else is from the co-op?", 0),
        new("hello chat", 0), new("the weather held up at least", 0), new("greetings from the night shift", 0),
        new("the holograms look great on this cam", 0.56), new("just got here what did i miss", 0),
    ];

    /// <summary>Openers that vary organic lines, with what they add to its sentiment.</summary>
    public static readonly Phrase[] Openers =
    [
        new("", 0), new("", 0), new("", 0), new("", 0), new("honestly ", 0), new("wow ", 0.2), new("ok ", 0.1),
        new("omg ", 0), new("ngl ", 0), new("yes ", 0.2), new("see, ", 0),
    ];

    /// <summary>Closers, likewise: emoji carry sentiment, exclamation marks strengthen it a little.</summary>
    public static readonly Phrase[] Closers =
    [
        new("", 0), new("", 0), new("", 0), new("", 0), new("!", 0.05), new("!!", 0.1), new("!!!", 0.1), new("...", 0),
        new(" 🔥", 0.3), new(" ❤️", 0.3), new(" 👏", 0.3), new(" 😁", 0.3), new(" 🙌", 0.3), new(" lol", 0.1),
    ];

    /// <summary>The near-identical slogan of campaign (a), and the small edits each account makes to it.</summary>
    public const string SloganCore = "the mini-lab is unsafe";

    /// <summary>The scorer's value for the core slogan ("unsafe" is in its lexicon).</summary>
    public const double SloganSentiment = -0.49;

    public static readonly string[] SloganPrefixes = ["", "", "", "warning: ", "fyi ", "seriously, ", "PSA: ", "⚠️ ", "honestly "];

    public static readonly Phrase[] SloganSuffixes =
    [
        new("", 0), new("", 0), new("", 0), new("!", -0.05), new("!!!", -0.1), new(".", 0), new(" ⚠️", -0.1), new(" 🚫", -0.1),
        new(" #unsafe", 0), new(" dont trust it", -0.2), new(" look it up", 0), new(" ⚠️⚠️", -0.15),
    ];

    /// <summary>The talking point of campaign (b), "he was paid to switch sides", in the many wordings of a shared brief.</summary>
    public static readonly Phrase[] TalkingPoints =
    [
        new("{rivers} was paid to switch sides", -0.38), new("he got paid to switch sides, obviously", -0.38),
        new("someone paid him to switch. follow the money", -0.38), new("how much did they pay {rivers} to switch sides?", 0),
        new("paid shill. he switched sides for cash", -0.7), new("{rivers} switched sides because someone paid him", -0.38),
        new("he's on someone's payroll, that's why he switched sides", 0), new("bought and paid for. switched sides for money", -0.38),
        new("funny how {rivers} switched sides right after the payout", 0), new("the clinics paid him to turn on his old industry", -0.38),
        new("he didn't switch sides for us, he switched for a paycheck", 0), new("{rivers} = paid actor who switched sides", -0.38),
        new("they paid {rivers} to switch sides, wake up", -0.38), new("switching sides pays well i guess", 0),
        new("nobody switches sides for free. who paid him?", -0.38), new("he was paid to switch sides, everyone knows it", -0.38),
        new("paid to switch sides. classic", -0.38), new("ask {rivers} who paid for his switch", -0.38),
        new("follow the money: {rivers} switched sides when the cheque cleared", 0), new("he sold out his old colleagues for a payday", 0),
    ];

    public static readonly Phrase[] TalkingPointClosers =
    [
        new("", 0), new("", 0), new("", 0), new("", 0), new(" 🤑", 0), new(" 💰", 0), new(" 🙄", -0.3), new("!", 0), new("!!", 0),
        new(" lol", 0.1), new(" #followthemoney", 0),
    ];

    /// <summary>Closers of raid lines.</summary>
    public static readonly Phrase[] RaidClosers = [new("", 0), new("", 0), new("!!", 0.05), new(" 😁", 0.3), new(" 🦷", 0), new("!!!", 0.1)];

    /// <summary>The raid's authenticity slogans: varied, warm and hostile by turns.</summary>
    public static readonly Phrase[] RaidLines =
    [
        new("REAL SMILES ONLY", 0), new("authentic > perfect", 0.8), new("no more bought smiles", -0.3),
        new("natural teeth gang", 0), new("imperfect and proud", 0.56), new("smile raid 😁😁😁", 0.86),
        new("true smile crew is here", 0.38), new("we came from the street rally", 0), new("your perfect smile is a product", 0.61),
        new("stop selling us fake teeth", -0.56), new("authenticity now", 0), new("crooked teeth, clear conscience", 0.38),
        new("no veneers no masters", -0.53), new("raid!!! 🦷🦷", 0), new("hello kira's chat 👋", 0),
        new("gap teeth forever", 0), new("smile how you want", 0), new("fake smiles out", -0.56),
        new("kira you sold us those veneers", 0), new("sponsors out of our smiles", 0),
    ];
}
