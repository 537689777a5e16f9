using System.Collections.Frozen;

namespace RallyLive.Domain.Sentiment;

/// <summary>
/// The built-in English lexicon of <see cref="ChatSentimentScorer"/>: valences of words and emoji on VADER's scale
/// (-4 extremely negative to +4 extremely positive), plus the words that modify them. Chosen for rally and livestream
/// chat: cheering and heckling, trust and accusations ("liar", "paid", "sellout"), and the stream itself ("lag").
/// </summary>
/// <remarks>
/// Weights are grouped in bands rather than tuned per word: a chat message is short and noisy, and the index an
/// organiser watches averages thousands of them. Ambiguous words ("sick", "kind of", "right") are left out rather
/// than guessed. Keys are lower case; emoji are written without their variation selector (U+FE0F).
/// </remarks>
internal static class ChatSentimentLexicon
{
    /// <summary>How much an intensifier adds to, or a dampener takes from, the size of the next sentiment word (VADER's 0.293).</summary>
    public const double ModifierIncrement = 0.293;

    /// <summary>Sentiment words and their valence.</summary>
    public static FrozenDictionary<string, double> Words { get; } = Build(
    [
        (3.2, "love loving loved loves adore adored amazing awesome incredible fantastic wonderful brilliant outstanding"
            + " superb phenomenal magnificent legendary masterpiece marvelous fabulous terrific"),
        (3.0, "best perfect excellent epic goat inspiring inspirational inspired spectacular stunning glorious triumph"
            + " unstoppable fearless iconic legend beloved"),
        (2.6, "beautiful great powerful hero heroes heroic brave bravery courage courageous proud thrilled excited"
            + " exciting joy joyful happy blessed grateful thankful bravo hooray yay woohoo goosebumps victory champion"
            + " champions admire admirable empowering empowered uplifting"),
        (2.2, "good nice cool strong stronger hope hopeful hopes hoping win winning wins won yes agree agreed support"
            + " supporting supported solidarity unity united respect respected honest honesty truth fair justice freedom"
            + " peace peaceful kind kindness wise wisdom fun enjoy enjoyed enjoying glad welcome congrats congratulations"
            + " leader leadership vision visionary genuine authentic trust trusted safe better improved progress helpful"
            + " caring compassion compassionate thanks thank appreciate appreciated moving touching heartfelt"
            + " encouraging motivating motivated passionate optimistic optimism confident determined bold dignity honor"
            + " honored honour honoured kudos classy sweet gem"),
        (1.6, "like liked likes interesting solid decent cheer cheers clap clapping applause encore preach facts lit fire"
            + " dope hype hyped slay slayed rocks respectful smart true together strength ready wow clear calm"),
        (1.0, "ok okay fine alright sure"),
        (0.6, "lol haha lmao"),
        (-1.2, "no lag laggy lagging buffering glitch glitchy frozen muted blurry slow zzz snooze weird"),
        (-1.6, "paid joke laughable meh sketchy suspicious doubt doubtful confusing confused awkward tired worry bot"
            + " bots spam dull yawn overrated ugh ew eww nope crying cry"),
        (-2.2, "bad poor weak wrong false boring bored boo unsafe dangerous danger threat violence violent chaos riot"
            + " mad upset sad sadly tragic tragedy fear afraid scared scary worried worse failure fail failed failing"
            + " loser losers useless pointless nonsense ridiculous absurd annoying annoyed hurt painful ugly nasty gross"
            + " creepy shady shill shills puppet puppets cringe cringy cringey arrogant clueless waste wasted"
            + " disappointing disappointed disappointment disagree lost lose lame troll trolls crap suck sucks rude"
            + " manipulate manipulation manipulative cult wtf"),
        (-2.6, "stupid dumb shame shameful shameless embarrassing embarrassment fake phony hypocrite hypocrites hypocrisy"
            + " lie lies lying propaganda rigged cheat cheater cheaters cheated betray betrayed betrayal coward cowards"
            + " cowardly dishonest incompetent delusional clown clowns angry furious outrage outraged outrageous insult"
            + " insulting offensive disrespect disrespectful brainwashed crook crooks thief thieves steal stole stolen"
            + " miserable misery hopeless"),
        (-3.0, "horrible terrible awful worst pathetic liar liars traitor traitors corrupt corruption fraud fraudulent"
            + " scam scammer scammers racist racism fascist garbage trash rubbish toxic idiot idiots moron morons sellout"
            + " sellouts unwatchable criminal criminals horrific horrendous atrocious abysmal dreadful bullshit"),
        (-3.4, "hate hated hates hateful disgusting disgrace disgraceful despicable vile evil"),
    ]);

    /// <summary>Emoji and their valence, from the reactions a crowd sends in chat.</summary>
    public static FrozenDictionary<string, double> Emoji { get; } = Build(
    [
        (3.0, "😍 🥰 🤩 ❤ 💖 💗 💕 💞 😻"),
        (2.6, "🥳 🎉 🙌 👏 💪 🧡 💛 💚 💙 💜 🤍 🏆 🥇 💯"),
        (2.2, "😀 😃 😄 😁 😊 🔥 👍 ✊ 🙏 ☺ 😎 🌟"),
        (1.6, "🙂 ✨ ⭐ ✌ 👌 ✅ 😆 🎊 🕊"),
        (0.6, "😂 🤣 😅"),
        (-1.2, "😕 😬 🤨"),
        (-1.6, "😔 😤 😱 🤦 🥱 😴 🙁 🚫 ❌ 🐍"),
        (-2.2, "😒 🙄 😞 😢 😭 😟 😨 😰 ☹ 👎 🤥 🤡 💔"),
        (-2.6, "😠"),
        (-3.0, "😡 🤬 🤮 🤢 💩 🖕"),
    ]);

    /// <summary>Intensifiers (positive) and dampeners (negative): how much they change the size of a sentiment word after them.</summary>
    public static FrozenDictionary<string, double> Modifiers { get; } = Build(
    [
        (ModifierIncrement, "very really so extremely super totally absolutely incredibly completely truly highly deeply"
            + " hugely utterly fully most especially exceptionally remarkably seriously insanely freaking quite"),
        (-ModifierIncrement, "kinda sorta slightly somewhat barely hardly marginally partly partially almost"
            + " occasionally fairly mildly moderately relatively"),
    ]);

    /// <summary>Words that negate a sentiment word after them; any other word ending in "n't" does too.</summary>
    public static FrozenSet<string> Negators { get; } = FrozenSet.Create(StringComparer.Ordinal,
    [
        "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "nowhere", "without", "cannot",
        "cant", "dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "werent", "wont", "wouldnt", "shouldnt",
        "couldnt", "aint", "hasnt", "havent", "hadnt", "mustnt", "neednt",
    ]);

    /// <summary>Whether <paramref name="word"/> negates what follows it.</summary>
    public static bool IsNegator(string word) => Negators.Contains(word) || word.EndsWith("n't", StringComparison.Ordinal);

    private static FrozenDictionary<string, double> Build((double Valence, string Keys)[] bands)
    {
        // ToFrozenDictionary throws on a key listed twice, so a word cannot silently sit in two bands.
        return bands
            .SelectMany(band => band.Keys.Split(' ', StringSplitOptions.RemoveEmptyEntries), (band, key) => (Key: key, band.Valence))
            .ToFrozenDictionary(entry => entry.Key, entry => entry.Valence, StringComparer.Ordinal);
    }
}
