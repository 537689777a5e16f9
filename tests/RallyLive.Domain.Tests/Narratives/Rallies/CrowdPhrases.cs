namespace RallyLive.Domain.Tests.Narratives.Rallies;

/// <summary>What every rally's crowd writes whatever the rally is about.</summary>
public static class CrowdPhrases
{
    /// <summary>Generic cheers: every crowd repeats them, many viewers at once after an applause line.</summary>
    public static readonly string[] Cheers =
    [
        "keep going!", "love this", "LETS GO", "lets goooo", "yes!!", "YES", "so true", "facts", "preach", "👏👏👏", "🔥🔥🔥",
        "this!!", "100%", "wow", "amazing", "well said", "yesss", "come on!!", "say it louder", "louder for the people in the back",
        "exactly!", "❤️❤️", "🙌", "we hear you", "keep going keep going", "so proud of this crowd", "what a speech", "chills",
        "thank you!!", "great point", "let's gooo", "we're with you",
    ];

    /// <summary>Cheers that name the speaker; "{name}" is replaced.</summary>
    public static readonly string[] SpeakerCheers =
    [
        "we love you {name}", "{name}!!!", "thank you {name}", "{name} for mayor", "go {name}!", "{name} 🔥", "{name} nailed it",
        "{name} is on fire today", "{name} said it perfectly", "{name} keeps it real", "{name} gave me chills",
    ];

    /// <summary>What viewers say about a speaker, after the name.</summary>
    public static readonly string[] SpeakerTakes =
    [
        "is explaining it so clearly", "deserves a bigger stage", "really knows this stuff", "brought receipts",
        "is the reason i came", "has such a calm voice", "was worth the wait", "talks a bit fast", "seems nervous but it's fine",
        "could slow down a little", "is very honest about it", "made me tear up", "has the whole crowd now", "speaks for all of us",
        "dodged that question a bit", "is better live than on tv", "should run for something",
    ];

    /// <summary>Greetings and banter.</summary>
    public static readonly string[] Banter =
    [
        "hi from the north side!", "first rally ever", "anyone else watching from work?", "my mum is watching too",
        "hello chat", "the weather held up at least", "greetings from the night shift", "just got here what did i miss",
        "brb getting food", "who else is here with their kids", "watching from my car lol", "hi everyone 👋",
        "this chat moves fast", "the drone shots are great", "which stream has the best view?", "back, what did i miss",
        "my dog is watching with me", "so many people there wow", "is that the old library behind the stage?", "good evening all",
    ];

    /// <summary>Complaints about the stream itself, which a whole stream's chat makes at once when something breaks.</summary>
    public static readonly string[] StreamTrouble =
    [
        "no audio?", "audio is gone", "sound cut out", "can't hear anything", "is the audio out for everyone", "stream froze",
        "frozen again", "lag lag lag", "sound?? hello??", "audio dropped", "i only hear wind", "mic is dead", "fix the sound pls",
        "black screen here", "buffering...", "refresh worked for me", "audio back?", "lost the picture", "no sound on my end",
        "it's the mic not you",
    ];

    /// <summary>Lines in other scripts and languages, as a mixed audience writes them.</summary>
    public static readonly string[] OtherScripts =
    [
        "¡vamos!", "¡sí se puede!", "hola desde el barrio sur", "Привет всем!", "Слава народу", "加油！", "太棒了", "يلا يلا",
        "شكرا", "こんにちは", "頑張って", "ελπίδα", "Obrigado!", "allez allez", "très bien dit", "नमस्ते", "bravo bravo",
        "שלום לכולם", "좋아요", "vamos juntos", "Ура!!!",
    ];

    /// <summary>Emoji-only messages.</summary>
    public static readonly string[] EmojiOnly =
    [
        "😂😂", "👏", "🔥", "❤️", "😍", "🙌🙌", "💯", "👀", "😮", "🤔", "👍👍", "🎉🎉🎉", "💪", "✊✊", "🥲", "😤", "🙄", "🚌", "📚",
        "🌊", "🏟️", "🏠", "✊🏽", "👏🏿👏🏿",
    ];

    /// <summary>Openers and closers that vary organic lines.</summary>
    public static readonly string[] Openers = ["", "", "", "", "", "honestly ", "wow ", "ok ", "ngl ", "omg ", "see, ", "yeah ", "lol "];

    public static readonly string[] Closers = ["", "", "", "", "", "!", "!!", "!!!", "...", " 🔥", " ❤️", " 👏", " 🙌", " lol", " haha", " 😂", " tbh"];
}
