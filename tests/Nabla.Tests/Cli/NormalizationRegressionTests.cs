using System.Text.Json.Nodes;
using static Nabla.Tests.Cli.CliTestSupport;

namespace Nabla.Tests.Cli;

/// <summary>
/// Training inputs are normalized exactly once, like validation and test inputs. (A regression: the training set
/// was passed normalized and then normalized again by the training augmentation, so the model learned on inputs
/// the evaluation never showed it: training accuracy rose while test accuracy fell below 0.5.)
/// </summary>
public class NormalizationRegressionTests
{
    [Fact]
    public void Validation_and_test_accuracy_follow_training_accuracy()
    {
        string root = TempDirectory();
        var (code, _, error) = Run(["train", "-o", root, "--name", "norm", "-q", "--no-plots",
            "--set", $"data.path={SampleDirectory}", "--set", "data.max_train_samples=1200", "--set", "data.max_test_samples=300",
            "--set", "data.normalization=auto", "--set", "epochs=2", "--set", "batch_size=60"]);
        Assert.True(code == 0, error);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "norm", "summary.json")))!;
        double train = summary["final_epoch"]!["accuracy"]!.GetValue<double>();
        double validation = summary["final_epoch"]!["val_accuracy"]!.GetValue<double>();
        double test = summary["test"]!["accuracy"]!.GetValue<double>();
        Assert.True(train > 0.5, $"training accuracy {train}");
        Assert.True(validation > train - 0.15 && test > train - 0.15, $"train {train}, validation {validation}, test {test}");
    }
}
