using Nabla;

namespace TextClassification;

/// <summary>
/// The texts to classify: Debian's fortune files when the <c>fortunes</c> package is installed (the class is the file a
/// quote comes from), otherwise a deterministic synthetic corpus of short sentences about four topics that share most
/// of their vocabulary (so single words rarely decide the class).
/// </summary>
internal static class Corpus
{
    public const string FortuneDirectory = "/usr/share/games/fortunes";
    private static readonly string[] FortuneFiles = ["computers", "love", "food", "sports", "science", "politics"];

    /// <summary>(text, class) pairs and the class names.</summary>
    public static (List<(string Text, int Label)> Samples, string[] Classes, string Source) Load(ulong seed)
    {
        if (Directory.Exists(FortuneDirectory))
        {
            var classes = FortuneFiles.Where(f => File.Exists(Path.Combine(FortuneDirectory, f))).ToArray();
            if (classes.Length >= 2)
            {
                var samples = new List<(string, int)>();
                for (int c = 0; c < classes.Length; c++)
                    foreach (var quote in File.ReadAllText(Path.Combine(FortuneDirectory, classes[c])).Split("\n%\n"))
                        if (quote.Trim() is { Length: > 0 and < 400 } q)
                            samples.Add((q.Replace('\n', ' '), c));
                return (samples, classes, $"fortune files in {FortuneDirectory}");
            }
        }
        return (Synthetic(seed), Topics.Select(t => t.Name).ToArray(), "synthetic topic sentences (generated, seed " + seed + ")");
    }

    private static readonly (string Name, string[] Words)[] Topics =
    [
        ("sports", ["match", "team", "goal", "coach", "season", "league", "score", "player", "stadium", "race"]),
        ("weather", ["rain", "storm", "cloud", "wind", "forecast", "snow", "sunny", "cold", "heat", "thunder"]),
        ("food", ["soup", "bread", "recipe", "cheese", "dinner", "spice", "oven", "salad", "sugar", "kitchen"]),
        ("computers", ["code", "server", "bug", "compiler", "memory", "network", "keyboard", "screen", "cpu", "file"]),
    ];

    private static readonly string[] Shared =
        ["the", "a", "today", "really", "was", "is", "very", "my", "our", "new", "old", "big", "after", "before", "and", "then", "again", "quite"];

    private static readonly string[] Templates =
    [
        "{s} {s} {t} {s} {t}", "{t} {s} {s} {s} {t} {s}", "{s} {t} {s} {s} {s}", "{s} {s} {t} {t} {s} {s} {s}",
    ];

    private static List<(string, int)> Synthetic(ulong seed)
    {
        var g = new Generator(seed);
        var samples = new List<(string, int)>();
        for (int i = 0; i < 2400; i++)
        {
            int label = i % Topics.Length;
            var template = Templates[(int)(g.NextDouble() * Templates.Length)];
            var words = template.Split(' ').Select(slot => slot == "{t}"
                ? Pick(g, g.NextDouble() < 0.15 ? Topics[(int)(g.NextDouble() * Topics.Length)].Words : Topics[label].Words)
                : Pick(g, Shared));
            samples.Add((string.Join(' ', words), label));
        }
        return samples;
    }

    private static string Pick(Generator g, string[] words) => words[(int)(g.NextDouble() * words.Length)];
}
