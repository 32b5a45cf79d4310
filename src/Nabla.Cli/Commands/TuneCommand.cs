using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Nabla.Cli.Config;
using Nabla.Cli.Plots;
using Nabla.Cli.Running;
using Nabla.Tuning;
using Nabla.Tuning.Pruners;
using Nabla.Tuning.Samplers;

namespace Nabla.Cli.Commands;

/// <summary>
/// <c>nabla tune config.json --space space.json --trials N</c>: a hyper-parameter search (<see cref="Study"/>) over
/// config paths. Each trial applies its parameters to the config (<see cref="ConfigPath.Apply"/>), trains a fresh
/// model on the config's data and reports the monitored log after every epoch so that the pruner can stop it. The run
/// directory holds the journal (rerunning the same command resumes from it), <c>results.txt</c>,
/// <c>best_config.json</c>, <c>objective.png</c> and <c>parameters.png</c>.
/// </summary>
public static class TuneCommand
{
    /// <summary>How a search runs (the command's options).</summary>
    public sealed record Settings
    {
        /// <summary>The search-space JSON file.</summary>
        public required string SpacePath { get; init; }

        /// <summary>Total trial budget (trials resumed from the journal count).</summary>
        public int Trials { get; init; } = 20;

        /// <summary>tpe, random or grid.</summary>
        public string Sampler { get; init; } = "tpe";

        /// <summary>median, asha, hyperband or none.</summary>
        public string Pruner { get; init; } = "median";

        /// <summary>Seed of the sampler and the pruner.</summary>
        public ulong Seed { get; init; }

        /// <summary>Time budget of this invocation, or null.</summary>
        public TimeSpan? Timeout { get; init; }

        /// <summary>Journal path; null puts <c>journal.jsonl</c> in the run directory.</summary>
        public string? Journal { get; init; }

        /// <summary>The epoch log optimized.</summary>
        public string Monitor { get; init; } = "val_loss";

        /// <summary>minimize or maximize; null picks maximize for accuracy-like logs, else minimize.</summary>
        public string? Direction { get; init; }

        /// <summary>Folder under which the run directory is created.</summary>
        public string OutputRoot { get; init; } = "runs";

        /// <summary>Run directory name; null derives it from the config and space file names (so reruns resume).</summary>
        public string? RunName { get; init; }
    }

    /// <summary>What a search produced.</summary>
    /// <param name="Directory">The run directory.</param>
    /// <param name="Journal">The journal file.</param>
    /// <param name="ResumedTrials">Finished trials read back from the journal.</param>
    /// <param name="Trials">Every trial, in order.</param>
    /// <param name="Table">The printed results table.</param>
    public sealed record Result(string Directory, string Journal, int ResumedTrials, IReadOnlyList<Trial> Trials, string Table);

    private static readonly string[] MaximizedLogs = ["accuracy", "precision", "recall", "f1", "r2"];

    /// <summary>Builds the <c>tune</c> verb.</summary>
    public static Command Create()
    {
        var config = CommonOptions.ConfigArgument();
        var space = new Option<string>("--space") { Description = "Search space JSON: config path → {\"type\": uniform|loguniform|int|choice, ...} (see CONFIG.md).", Required = true };
        var trials = new Option<int>("--trials", "-n") { Description = "Total number of trials (trials resumed from the journal count).", DefaultValueFactory = _ => 20 };
        var sampler = new Option<string>("--sampler") { Description = "How trials are proposed.", DefaultValueFactory = _ => "tpe" };
        sampler.AcceptOnlyFromAmong([.. SamplerFactory.Names]);
        var pruner = new Option<string>("--pruner") { Description = "How weak trials are stopped early (epochs are the steps).", DefaultValueFactory = _ => "median" };
        pruner.AcceptOnlyFromAmong([.. PrunerFactory.Names]);
        var seed = new Option<ulong>("--seed") { Description = "Seed of the sampler and the pruner.", DefaultValueFactory = _ => 0 };
        var timeout = new Option<double?>("--timeout") { Description = "Stop starting trials after this many minutes." };
        var journal = new Option<string?>("--journal") { Description = "Journal file (JSON lines) to resume from and append to (default: journal.jsonl in the run directory)." };
        var monitor = new Option<string>("--monitor") { Description = "The epoch log optimized (validation logs need data.validation_split).", DefaultValueFactory = _ => "val_loss" };
        var direction = new Option<string?>("--direction") { Description = "minimize or maximize (default: maximize for accuracy-like logs, else minimize)." };
        direction.AcceptOnlyFromAmong("minimize", "maximize");
        var set = CommonOptions.Set();
        var output = CommonOptions.Output();
        var name = new Option<string?>("--name") { Description = "Run directory name (default: tune-<config>-<space>, so that rerunning resumes)." };
        var command = new Command("tune", "Search hyper-parameters (TPE, random or grid sampling; median, ASHA or Hyperband pruning) and write the " +
                                          "results table, best_config.json and plots; rerunning the same command resumes from the journal.")
        {
            config, space, trials, sampler, pruner, seed, timeout, journal, monitor, direction, set, output, name,
        };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            string? configPath = parse.GetValue(config);
            var baseJson = ConfigLoader.LoadJson(configPath, parse.GetValue(set));
            string spacePath = parse.GetValue(space)!;
            var settings = new Settings
            {
                SpacePath = spacePath,
                Trials = parse.GetValue(trials),
                Sampler = parse.GetValue(sampler)!,
                Pruner = parse.GetValue(pruner)!,
                Seed = parse.GetValue(seed),
                Timeout = parse.GetValue(timeout) is double minutes ? TimeSpan.FromMinutes(minutes) : null,
                Journal = parse.GetValue(journal),
                Monitor = parse.GetValue(monitor)!,
                Direction = parse.GetValue(direction),
                OutputRoot = parse.GetValue(output)!,
                RunName = parse.GetValue(name) ?? DefaultRunName(configPath, spacePath),
            };
            var result = Run(baseJson, settings, writer);
            writer.Write(result.Table);
            writer.WriteLine($"wrote {result.Directory}");
            return result.Trials.Any(t => t.State == TrialState.Complete) ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    /// <summary><c>tune-&lt;config&gt;-&lt;space&gt;</c> from the file names (<c>demo</c> without a config).</summary>
    public static string DefaultRunName(string? configPath, string spacePath) =>
        $"tune-{(configPath is null ? "demo" : Path.GetFileNameWithoutExtension(configPath))}-{Path.GetFileNameWithoutExtension(spacePath)}";

    /// <summary>Runs (or resumes) the search over <paramref name="baseJson"/>; see the type's summary for what it writes.</summary>
    /// <exception cref="CliException">The space file is missing or invalid, the journal belongs to another search, or the data has no validation part (exit 2).</exception>
    public static Result Run(JsonObject baseJson, Settings settings, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(baseJson);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        if (settings.Trials < 1)
            throw new CliException($"--trials {settings.Trials}: give at least one trial", ExitCodes.Usage);
        var space = LoadSpace(settings.SpacePath);
        var baseConfig = Parse(baseJson);
        CheckPaths(space, baseJson, settings.SpacePath);
        var data = LoadedData.Load(baseConfig.Data, baseConfig.Seed);
        if (settings.Monitor.StartsWith("val_", StringComparison.Ordinal) && data.Validation is null)
            throw new CliException($"--monitor {settings.Monitor} needs validation data; set data.validation_split (e.g. --set data.validation_split=0.2)", ExitCodes.Usage);
        var direction = ResolveDirection(settings.Direction, settings.Monitor);

        string dir = Path.Combine(settings.OutputRoot, settings.RunName ?? DefaultRunName(null, settings.SpacePath));
        Directory.CreateDirectory(dir);
        string journalPath = settings.Journal ?? Path.Combine(dir, "journal.jsonl");
        Study study;
        try
        {
            study = new Study(space, SamplerFactory.Create(settings.Sampler, settings.Seed),
                              PrunerFactory.Create(settings.Pruner, baseConfig.Epochs, settings.Seed), direction, journalPath);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or IOException)
        {
            throw new CliException($"{journalPath}: {ex.Message}", ExitCodes.Usage, ex);
        }
        using (study)
        {
            output.WriteLine($"run directory: {dir}");
            if (study.ResumedTrials > 0)
                output.WriteLine($"resuming from {journalPath}: {study.ResumedTrials} finished trial(s), running up to {Math.Max(0, settings.Trials - study.ResumedTrials)} more");
            output.WriteLine($"data: {data.Source}; {data.Train.Count} training, {data.Validation?.Count ?? 0} validation samples; " +
                             $"{settings.Monitor} is {direction.ToString().ToLowerInvariant()}d over {space.Count} parameter(s)");
            var train = data.Train;
            var validation = data.Validation is null ? null : data.ForModel(data.Validation);
            double Objective(TrialContext trial)
            {
                // Through text, so that the trial's values read like a config file's (the model spec reader wants
                // JSON numbers, not in-memory longs).
                var config = Parse((JsonObject)JsonNode.Parse(ConfigPath.Apply(baseJson, trial.Params).ToJsonString())!);
                var trainer = ConfigTraining.Build(config, data, data.Train.Count);
                var options = ConfigTraining.FitOptions(config, data, validation);
                return TrainerObjective.Create(_ => trainer, train, options, settings.Monitor)(trial);
            }
            study.Optimize(Objective, settings.Trials, settings.Timeout, trial => output.WriteLine(Describe(trial, settings.Monitor)));

            string table = StudyReport.ResultsTable(study);
            File.WriteAllText(Path.Combine(dir, "results.txt"), table);
            if (study.BestTrial is not null)
            {
                StudyReport.WriteBestConfig(study, Path.Combine(dir, "best_config.json"), baseJson);
                TuneCharts.Objective(StudyReport.ObjectiveHistory(study), settings.Monitor, Path.Combine(dir, "objective.png"));
                TuneCharts.Parameters(StudyReport.ParameterEffects(study), settings.Monitor, Path.Combine(dir, "parameters.png"));
            }
            else
                output.WriteLine("no trial completed, so there is no best configuration");
            return new Result(dir, journalPath, study.ResumedTrials, study.Trials, table);
        }
    }

    /// <summary>Refuses data.* parameters (the data is loaded once) and paths that do not fit the config's structure.</summary>
    private static void CheckPaths(SearchSpace space, JsonObject baseJson, string spacePath)
    {
        var probe = baseJson.DeepClone();
        foreach (var (parameter, _) in space.Parameters)
        {
            if (parameter == "data" || parameter.StartsWith("data.", StringComparison.Ordinal))
                throw new CliException($"{spacePath}: parameter '{parameter}': the data is loaded once for the whole search, so data.* keys cannot be searched", ExitCodes.Usage);
            try
            {
                ConfigPath.Set(probe, parameter, ConfigPath.Get(probe, parameter)?.DeepClone());
            }
            catch (ArgumentException ex)
            {
                throw new CliException($"{spacePath}: parameter '{parameter}' is not a path into the config ({ex.Message}); " +
                                       "a model given as a list of layers is model.layers[i]", ExitCodes.Usage, ex);
            }
        }
    }

    private static SearchSpace LoadSpace(string path)
    {
        try
        {
            return SearchSpace.Load(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            throw new CliException($"{path}: invalid search space: {ex.Message}", ExitCodes.Usage, ex);
        }
    }

    private static RunConfig Parse(JsonObject json)
    {
        try
        {
            return ConfigLoader.Parse(json);
        }
        catch (ConfigException ex)
        {
            throw new CliException($"invalid config: {ex.Message}", ExitCodes.Usage, ex);
        }
    }

    private static StudyDirection ResolveDirection(string? direction, string monitor) => direction switch
    {
        "minimize" => StudyDirection.Minimize,
        "maximize" => StudyDirection.Maximize,
        null => Array.Exists(MaximizedLogs, m => monitor.EndsWith(m, StringComparison.Ordinal)) ? StudyDirection.Maximize : StudyDirection.Minimize,
        _ => throw new CliException($"--direction {direction}: use minimize or maximize", ExitCodes.Usage),
    };

    private static string Describe(Trial trial, string monitor)
    {
        string parameters = string.Join(", ", trial.Params.Select(p => $"{p.Key}={Format(p.Value)}"));
        string value = trial.Value is double v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "-";
        string state = trial.State.ToString().ToLowerInvariant();
        string step = trial.State == TrialState.Pruned ? $" at epoch {trial.LastStep}" : "";
        if (trial.Error is not null)
            return $"trial {trial.Number}: {state} ({trial.Error}; {parameters})";
        return string.Create(CultureInfo.InvariantCulture, $"trial {trial.Number}: {state}{step}, {monitor} {value} ({trial.DurationSeconds:0.0} s; {parameters})");
    }

    private static string Format(object? value) => value switch
    {
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        null => "null",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
