using System.Text.Json.Nodes;
using Nabla.Cli;
using Nabla.Cli.Config;
using static Nabla.Tests.Cli.CliTestSupport;

namespace Nabla.Tests.Cli;

public class ConfigTests
{
    private static ConfigException Invalid(string json) =>
        Assert.Throws<ConfigException>(() => RunConfig.Parse(RunConfig.ParseJson(json, "test")));

    private static string WithModel(string rest) => "{\"model\": " + TinyModel + (rest.Length > 0 ? ", " + rest : "") + "}";

    [Fact]
    public void TheDemoConfigResolvesWithDefaults()
    {
        var config = ConfigLoader.Load(null, null);
        Assert.Equal("fashion-mnist", config.Data.Dataset);
        Assert.Equal("adam", config.Optimizer.Name);
        Assert.Equal(0.001, config.Optimizer.Lr);
        Assert.Equal(["accuracy"], config.Metrics);
        Assert.Equal("val_loss", config.Callbacks.Checkpoint.Monitor);
        Assert.Equal(0.1, config.Resolved["data"]!["validation_split"]!.GetValue<double>());
        Assert.NotNull(config.Resolved["callbacks"]!["checkpoint"]);
    }

    [Fact]
    public void AnUnknownOptimizerNamesPathValueAndAllowedNames()
    {
        var ex = Invalid(WithModel("\"optimizer\": {\"name\": \"adamm\"}"));
        Assert.Contains("$.optimizer.name", ex.Message);
        Assert.Contains("\"adamm\"", ex.Message);
        Assert.Contains("allowed: sgd, momentum, nesterov, adagrad", ex.Message);
    }

    [Fact]
    public void AnUnknownKeyNamesTheAllowedKeys()
    {
        var ex = Invalid(WithModel("\"batchsize\": 32"));
        Assert.Contains("$.batchsize", ex.Message);
        Assert.Contains("32", ex.Message);
        Assert.Contains("batch_size", ex.Message);
    }

    [Fact]
    public void WrongTypesAndRangesAreRejected()
    {
        var type = Invalid(WithModel("\"epochs\": \"many\""));
        Assert.Contains("$.epochs", type.Message);
        Assert.Contains("\"many\"", type.Message);
        Assert.Contains("a number", type.Message);

        var range = Invalid(WithModel("\"data\": {\"validation_split\": 1.5}"));
        Assert.Contains("$.data.validation_split", range.Message);
        Assert.Contains("1.5", range.Message);
        Assert.Contains("[0, 0.9]", range.Message);

        var integer = Invalid(WithModel("\"batch_size\": 2.5"));
        Assert.Contains("$.batch_size", integer.Message);
        Assert.Contains("an integer", integer.Message);
    }

    [Fact]
    public void AugmentationLossMetricAndCallbackErrorsCarryTheirPath()
    {
        var aug = Invalid(WithModel("\"data\": {\"augmentation\": [\"random_horizontal_flip\", {\"name\": \"warp\"}]}"));
        Assert.Contains("$.data.augmentation[1].name", aug.Message);
        Assert.Contains("\"warp\"", aug.Message);
        Assert.Contains("random_crop", aug.Message);

        var augArg = Invalid(WithModel("\"data\": {\"augmentation\": [{\"name\": \"random_crop\", \"pad\": 2}]}"));
        Assert.Contains("$.data.augmentation[0].pad", augArg.Message);
        Assert.Contains("padding", augArg.Message);

        var loss = Invalid(WithModel("\"loss\": \"hinge\""));
        Assert.Contains("$.loss.name", loss.Message);
        Assert.Contains("cross_entropy", loss.Message);

        var metric = Invalid(WithModel("\"metrics\": [\"accuracy\", \"auc\"]"));
        Assert.Contains("$.metrics[1]", metric.Message);
        Assert.Contains("top_5_accuracy", metric.Message);

        var mode = Invalid(WithModel("\"callbacks\": {\"early_stopping\": {\"mode\": \"lowest\"}}"));
        Assert.Contains("$.callbacks.early_stopping.mode", mode.Message);
        Assert.Contains("auto, min, max", mode.Message);

        var schedule = Invalid(WithModel("\"schedule\": {\"name\": \"cosine\", \"gamma\": 0.5}"));
        Assert.Contains("$.schedule.gamma", schedule.Message);
    }

    [Fact]
    public void ConfigErrorsExitWith2AndPrintThePath()
    {
        var (code, output, error) = Run("train", "--set", "optimizer.name=adamm", "--set", "epochs=0");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("", output);
        Assert.Contains("$.optimizer.name", error);
        Assert.Contains("\"adamm\"", error);
        Assert.Contains("allowed:", error);
    }

    [Fact]
    public void ModelSpecErrorsExitWith2AndPointIntoTheModel()
    {
        var (code, _, error) = Run(["train", .. TinySettings(), "--set", "model.layers[1].type=Dense"]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("$.model.layers[1].type", error);
        Assert.Contains("Dense", error);
        Assert.Contains("Linear", error);
    }

    [Fact]
    public void ParsesJsonWithCommentsAndRejectsNonObjects()
    {
        var root = RunConfig.ParseJson("{ // a comment\n \"epochs\": 1, }", "x.json");
        Assert.Equal(1, root["epochs"]!.GetValue<int>());
        Assert.Throws<ConfigException>(() => RunConfig.ParseJson("[1, 2]", "x.json"));
        var bad = Assert.Throws<ConfigException>(() => RunConfig.ParseJson("{ \"epochs\": ", "x.json"));
        Assert.Contains("x.json", bad.Message);
    }

    [Fact]
    public void SchedulesFollowTheirFormulas()
    {
        var step = new ScheduleConfig("step", 2, 0.5, null, 0, 0);
        Assert.Equal([1.0, 1.0, 0.5, 0.5, 0.25], Enumerable.Range(0, 5).Select(e => step.LearningRate(e, 1.0, 5)));
        var cosine = new ScheduleConfig("cosine", 10, 0.1, null, 0.1, 0);
        Assert.Equal(1.0, cosine.LearningRate(0, 1.0, 4), 12);
        Assert.Equal(0.55, cosine.LearningRate(2, 1.0, 4), 12);
        Assert.Equal(0.1, cosine.LearningRate(4, 1.0, 4), 12);
        var warm = new ScheduleConfig("warmup_cosine", 10, 0.1, null, 0, 2);
        Assert.Equal(0.5, warm.LearningRate(0, 1.0, 6), 12);
        Assert.Equal(1.0, warm.LearningRate(2, 1.0, 6), 12);
    }
}
