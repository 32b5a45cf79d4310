using System.Globalization;
using System.Text;
using static Nabla.Tests.Cli.CliTestSupport;

namespace Nabla.Tests.Cli;

public class CsvRunTests
{
    [Fact]
    public void TrainsOnACsvFileAndPredictsItsRows()
    {
        string dir = TempDirectory();
        var rng = new Random(0);
        var csv = new StringBuilder("x1,x2,color,label\n");
        for (int i = 0; i < 200; i++)
        {
            double a = rng.NextDouble() * 2 - 1, b = rng.NextDouble() * 2 - 1;
            csv.Append(CultureInfo.InvariantCulture, $"{a:0.000},{b:0.000},{(i % 2 == 0 ? "red" : "blue")},{(a + b > 0 ? "pos" : "neg")}\n");
        }
        File.WriteAllText(Path.Combine(dir, "train.csv"), csv.ToString());
        File.WriteAllText(Path.Combine(dir, "query.csv"), "x1,x2,color,label\n0.9,0.8,red,pos\n-0.9,-0.7,blue,neg\n");
        File.WriteAllText(Path.Combine(dir, "config.json"), """
            { "name": "csv", "data": { "dataset": "csv", "path": "train.csv", "target": "label" },
              "model": [ { "type": "Linear", "out_features": 16 }, { "type": "ReLU" }, { "type": "Linear", "out_features": 2 } ],
              "optimizer": { "name": "adam", "lr": 0.02 }, "epochs": 8, "batch_size": 32 }
            """);
        var (code, _, error) = Run("train", Path.Combine(dir, "config.json"), "-o", dir, "-q");
        Assert.True(code == 0, error);
        Assert.False(File.Exists(Path.Combine(dir, "csv", "misclassified.png")));
        AssertPng(Path.Combine(dir, "csv", "confusion_matrix.png"), 800, 760);

        var (predCode, output, predError) = Run("predict", Path.Combine(dir, "csv"), Path.Combine(dir, "query.csv"), "--top", "1");
        Assert.True(predCode == 0, predError);
        var lines = output.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Contains("row 1: pos", lines[0]);
        Assert.Contains("row 2: neg", lines[1]);
    }

    [Fact]
    public void PredictRejectsUnsupportedInputs()
    {
        string dir = TempDirectory();
        var (code, _, _) = Run(["train", "-o", dir, "--name", "m", "-q", "--no-plots", .. TinySettings()]);
        Assert.Equal(0, code);
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "a line of text\n");
        var (predCode, _, error) = Run("predict", Path.Combine(dir, "m"), Path.Combine(dir, "notes.txt"));
        Assert.Equal(Nabla.Cli.ExitCodes.Usage, predCode);
        Assert.Contains("unsupported input type", error);
        var (missing, _, missingError) = Run("evaluate", Path.Combine(dir, "nothing-here"));
        Assert.Equal(Nabla.Cli.ExitCodes.Usage, missing);
        Assert.Contains("no such run directory or model file", missingError);
    }
}
