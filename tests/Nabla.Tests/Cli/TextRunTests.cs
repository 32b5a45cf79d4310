using System.Text;
using System.Text.Json.Nodes;
using static Nabla.Tests.Cli.CliTestSupport;

namespace Nabla.Tests.Cli;

public class TextRunTests
{
    private static readonly string[] Filler = ["the", "a", "we", "saw", "today", "really", "was", "very", "and", "then", "it", "good"];
    private static readonly string[] SportWords = ["football", "goal", "match", "tennis", "team"];
    private static readonly string[] FoodWords = ["pizza", "soup", "bread", "cheese", "salad"];

    /// <summary>A run config for <paramref name="tsv"/>: Embedding (num_embeddings "auto") → LSTM → LastStep → Linear.</summary>
    private static string Config(string tsv, int epochs = 3) => $$"""
        { "name": "text", "seed": 1,
          "data": { "dataset": "text", "path": {{JsonValue.Create(tsv).ToJsonString()}}, "max_length": 8, "validation_split": 0.2 },
          "model": [ { "type": "Embedding", "num_embeddings": "auto", "embedding_dim": 8, "padding_idx": 0 },
                     { "type": "LSTM", "hidden_size": 16, "batch_first": true }, { "type": "LastStep" },
                     { "type": "Linear", "out_features": 2 } ],
          "optimizer": { "name": "adam", "lr": 0.03 }, "metrics": ["accuracy"], "epochs": {{epochs}}, "batch_size": 16 }
        """;

    /// <summary>~200 lines, "sport" or "food" decided by one keyword among filler words.</summary>
    private static string Sentences(int count, int seed)
    {
        var rng = new Random(seed);
        var tsv = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            bool sport = i % 2 == 0;
            var words = Enumerable.Range(0, 2 + rng.Next(4)).Select(_ => Filler[rng.Next(Filler.Length)]).ToList();
            var keywords = sport ? SportWords : FoodWords;
            words.Insert(rng.Next(words.Count + 1), keywords[rng.Next(keywords.Length)]);
            tsv.Append(sport ? "sport" : "food").Append('\t').Append(string.Join(' ', words)).Append('\n');
        }
        return tsv.ToString();
    }

    [Fact]
    public void TrainsOnATsvFileAndPredictsSentences()
    {
        string dir = TempDirectory();
        string tsv = Path.Combine(dir, "train.tsv");
        File.WriteAllText(tsv, Sentences(200, 0));
        File.WriteAllText(Path.Combine(dir, "config.json"), Config(tsv));
        var (code, _, error) = Run("train", Path.Combine(dir, "config.json"), "-o", dir, "-q", "--no-plots");
        Assert.True(code == 0, error);

        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "text", "summary.json")))!;
        double accuracy = summary["validation"]!["accuracy"]!.GetValue<double>();
        Assert.True(accuracy >= 0.8, $"validation accuracy {accuracy} after 3 epochs on keyword-separable sentences");
        Assert.Equal(["food", "sport"], summary["classes"]!.AsArray().Select(c => c!.GetValue<string>()));

        var (predCode, output, predError) = Run("predict", Path.Combine(dir, "text"), "--text", "We saw a great football match",
                                                "--text", "the soup and the bread", "--top", "1");
        Assert.True(predCode == 0, predError);
        var lines = output.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("\"We saw a great football match\": sport", lines[0]);
        Assert.StartsWith("\"the soup and the bread\": food", lines[1]);

        File.WriteAllText(Path.Combine(dir, "query.txt"), "cheese salad\n\nthe team scored a goal\n");
        var (fileCode, fileOutput, fileError) = Run("predict", Path.Combine(dir, "text", "best.safetensors"), Path.Combine(dir, "query.txt"), "-k", "1");
        Assert.True(fileCode == 0, fileError);
        var fileLines = fileOutput.Trim().Split('\n');
        Assert.Equal(2, fileLines.Length);
        Assert.Contains("query.txt line 1: food", fileLines[0]);
        Assert.Contains("query.txt line 3: sport", fileLines[1]);
    }

    [Fact]
    public void ALineWithoutATabIsAUsageErrorNamingFileAndLine()
    {
        string dir = TempDirectory();
        string tsv = Path.Combine(dir, "bad.tsv");
        File.WriteAllText(tsv, "sport\tthe football match\nfood the soup\n");
        File.WriteAllText(Path.Combine(dir, "config.json"), Config(tsv, epochs: 1));
        var (code, _, error) = Run("train", Path.Combine(dir, "config.json"), "-o", dir, "-q", "--no-plots");
        Assert.Equal(Nabla.Cli.ExitCodes.Usage, code);
        Assert.Contains($"{tsv}, line 2: no tab", error);
    }

    [Fact]
    public void TextOptionOnAnImageModelIsAUsageError()
    {
        string dir = TempDirectory();
        var (code, _, _) = Run(["train", "-o", dir, "--name", "m", "-q", "--no-plots", .. TinySettings()]);
        Assert.Equal(0, code);
        var (predCode, _, error) = Run("predict", Path.Combine(dir, "m"), "--text", "hello");
        Assert.Equal(Nabla.Cli.ExitCodes.Usage, predCode);
        Assert.Contains("not trained on text", error);
    }
}
