using Nabla.Losses;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Optim.Schedules;
using Nabla.Training.Metrics;

namespace Nabla.Training;

/// <summary>
/// Keras-style training for any <see cref="Module"/>: compile a model with an optimizer, a loss and metrics, then
/// <see cref="Fit(Data.IDataset, FitOptions)"/>, <see cref="Evaluate"/> and <see cref="Predict(Data.IDataset, int)"/>.
/// Each training step runs inside a <see cref="TensorScope"/>, so every activation and gradient temporary is
/// recycled when the step ends and steady-state training allocates (nearly) nothing.
/// Override <see cref="TrainStep"/> for a custom step (Keras's train_step escape hatch).
/// </summary>
public partial class Trainer
{
    /// <summary>Compiles <paramref name="model"/> for training.</summary>
    /// <param name="model">The network.</param>
    /// <param name="optimizer">Updates the model's parameters (its clipping and accumulation options apply in Fit).</param>
    /// <param name="loss">The training objective.</param>
    /// <param name="metrics">Reported next to the loss for training and validation data.</param>
    /// <param name="seed">Seed of shuffling, augmentation and validation splits (dropout uses <see cref="Generator.Default"/>).</param>
    public Trainer(Module model, Optimizer optimizer, Loss loss, IEnumerable<Metric>? metrics = null, ulong seed = 0)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        Loss = loss ?? throw new ArgumentNullException(nameof(loss));
        _metrics = metrics?.ToArray() ?? [];
        Seed = seed;
        var names = new HashSet<string> { "loss" };
        foreach (var m in Metrics)
            if (!names.Add(m.Name))
                throw new ArgumentException($"Trainer: two metrics are named '{m.Name}'; metric names must be unique");
        model.NamedModules();
    }

    /// <summary>The network being trained.</summary>
    public Module Model { get; }

    /// <summary>The optimizer.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The loss.</summary>
    public Loss Loss { get; }

    /// <summary>The metrics, computed on training batches and on validation data.</summary>
    public IReadOnlyList<Metric> Metrics => _metrics;

    /// <summary>The metrics as an array, so the per-step loops enumerate without allocating.</summary>
    private readonly Metric[] _metrics;

    /// <summary>Seed of shuffling, augmentation and validation splits.</summary>
    public ulong Seed { get; }

    /// <summary>Extra differentiable terms added to the loss each step (L1/L2 penalties on chosen layers), or null.</summary>
    public Func<Tensor>? Penalty { get; set; }

    /// <summary>
    /// A learning-rate schedule stepped by Fit: after every epoch (PyTorch's usual placement), or after every applied
    /// optimizer step when <see cref="SchedulerPerBatch"/> is set (OneCycleLR, CyclicLR, warm-up). Saved in checkpoints.
    /// </summary>
    public LrScheduler? Scheduler { get; set; }

    /// <summary>Step <see cref="Scheduler"/> after every optimizer step instead of every epoch.</summary>
    public bool SchedulerPerBatch { get; set; }

    /// <summary>Set by a callback to end training after the current epoch.</summary>
    public bool StopTraining { get; set; }

    /// <summary>Epochs finished so far (the next Fit starts here unless told otherwise).</summary>
    public int CompletedEpochs { get; internal set; }

    /// <summary>Optimizer steps taken so far.</summary>
    public long GlobalStep { get; internal set; }

    /// <summary>The history of every Fit on this trainer (resumed runs continue it).</summary>
    public History History { get; internal set; } = new();

    /// <summary>The learning rate of the first parameter group.</summary>
    public double LearningRate
    {
        get => Optimizer.ParamGroups[0].Lr;
        set
        {
            foreach (var g in Optimizer.ParamGroups)
                g.Lr = value;
        }
    }
}
