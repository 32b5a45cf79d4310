namespace Nabla.Data.Text.Augment;

/// <summary>
/// A small built-in English synonym list (common adjectives, verbs and nouns) used when WordNet is not
/// installed. <see cref="Default"/> picks WordNet when its files are present and this list otherwise.
/// </summary>
public sealed class BuiltInSynonyms : SynonymTable
{
    private static readonly string[][] Groups =
    [
        ["good", "fine", "great", "nice", "excellent"], ["bad", "poor", "awful", "terrible"],
        ["big", "large", "huge", "great"], ["small", "little", "tiny", "minor"], ["fast", "quick", "rapid", "speedy"],
        ["slow", "sluggish", "unhurried"], ["happy", "glad", "joyful", "cheerful"], ["sad", "unhappy", "sorrowful", "gloomy"],
        ["beautiful", "pretty", "lovely", "attractive"], ["ugly", "unattractive", "hideous"], ["smart", "clever", "bright", "intelligent"],
        ["stupid", "dumb", "foolish", "silly"], ["easy", "simple", "effortless"], ["hard", "difficult", "tough"],
        ["old", "aged", "elderly", "ancient"], ["new", "fresh", "novel", "recent"], ["rich", "wealthy", "affluent"],
        ["strong", "powerful", "sturdy"], ["weak", "feeble", "frail"], ["funny", "amusing", "humorous", "comic"],
        ["boring", "dull", "tedious", "uninteresting"], ["interesting", "engaging", "fascinating"], ["quiet", "silent", "calm"],
        ["loud", "noisy", "deafening"], ["begin", "start", "commence"], ["end", "finish", "conclude", "stop"],
        ["buy", "purchase", "acquire"], ["help", "assist", "aid"], ["show", "display", "reveal", "exhibit"],
        ["say", "state", "tell", "declare"], ["make", "create", "produce", "build"], ["get", "obtain", "acquire", "gain"],
        ["like", "enjoy", "love"], ["hate", "dislike", "detest", "loathe"], ["look", "see", "watch", "view"],
        ["think", "believe", "consider"], ["try", "attempt", "endeavor"], ["use", "employ", "utilize"],
        ["movie", "film", "picture"], ["car", "automobile", "vehicle"], ["house", "home", "dwelling", "residence"],
        ["job", "work", "occupation", "employment"], ["child", "kid", "youngster"], ["man", "gentleman", "guy"],
        ["woman", "lady"], ["friend", "companion", "pal", "buddy"], ["story", "tale", "narrative"], ["idea", "notion", "concept", "thought"],
        ["problem", "issue", "trouble", "difficulty"], ["answer", "reply", "response"], ["price", "cost", "charge"],
        ["mistake", "error", "fault"], ["road", "street", "route", "way"], ["food", "meal", "fare"], ["money", "cash", "funds"],
        ["very", "really", "extremely", "highly"], ["often", "frequently", "regularly"], ["maybe", "perhaps", "possibly"],
        ["quickly", "rapidly", "swiftly", "fast"], ["completely", "totally", "entirely", "fully"],
    ];

    /// <summary>Creates the built-in list.</summary>
    public BuiltInSynonyms() : base(Groups) { }

    private static readonly Lazy<ISynonymSource> Shared =
        new(() => WordNetSynonyms.IsInstalled() ? WordNetSynonyms.Load() : new BuiltInSynonyms());

    /// <summary>WordNet from <see cref="WordNetSynonyms.DefaultDirectory"/> when installed, else the built-in list;
    /// loaded once per process and shared (the sources are immutable).</summary>
    public static ISynonymSource Default() => Shared.Value;
}
