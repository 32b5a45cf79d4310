using Nabla.Nn;
using Nabla.Serialization;
using Nabla.Training;
using Nabla.Training.Callbacks;

namespace Nabla.Tuning.Ensembles;

/// <summary>
/// Snapshot ensembles (Huang et al., 2017, "Train 1, get M for free"): during one run with a cosine schedule with
/// warm restarts (<see cref="Optim.Schedules.CosineAnnealingWarmRestarts"/> stepped per epoch, cycle lengths
/// T₀, T₀·T_mult, T₀·T_mult², …) the model sits in a different local minimum at the end of each cycle, just before
/// the learning rate jumps back up. This callback copies the weights at those epochs (cycle ends at epochs
/// T₀ − 1, T₀ + T₀·T_mult − 1, …), optionally also writing each snapshot to a weights file, and
/// <see cref="BuildEnsemble"/> turns the snapshots into an <see cref="Ensemble"/>.
/// </summary>
public sealed class SnapshotEnsembleCallback : Callback
{
    private readonly List<Dictionary<string, Tensor>> _snapshots = [];
    private readonly List<int> _epochs = [];

    /// <summary>Creates the callback for cycles of <paramref name="t0"/> epochs growing by <paramref name="tMult"/>.</summary>
    /// <param name="t0">Length of the first cycle in epochs (the schedule's T₀).</param>
    /// <param name="tMult">Cycle growth factor (the schedule's T_mult).</param>
    /// <param name="directory">When given, each snapshot is also saved as <c>snapshot_{k}.safetensors</c> there.</param>
    public SnapshotEnsembleCallback(int t0, int tMult = 1, string? directory = null)
    {
        if (t0 < 1 || tMult < 1)
            throw new ArgumentException($"SnapshotEnsembleCallback: need t0 ≥ 1 and tMult ≥ 1, got t0={t0}, tMult={tMult}");
        (T0, TMult, Directory) = (t0, tMult, directory);
    }

    /// <summary>First cycle length.</summary>
    public int T0 { get; }

    /// <summary>Cycle growth factor.</summary>
    public int TMult { get; }

    /// <summary>Where snapshots are written, or null.</summary>
    public string? Directory { get; }

    /// <summary>The saved weights (copies), one per finished cycle.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, Tensor>> Snapshots => _snapshots;

    /// <summary>The epoch each snapshot was taken at.</summary>
    public IReadOnlyList<int> SnapshotEpochs => _epochs;

    /// <summary>Whether a cycle ends with epoch <paramref name="epoch"/> (0-based).</summary>
    public bool IsCycleEnd(int epoch)
    {
        long end = 0, length = T0;
        while (end + length - 1 < epoch)
        {
            end += length;
            length *= TMult;
        }
        return end + length - 1 == epoch;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if (!IsCycleEnd(epoch))
            return;
        var copy = new Dictionary<string, Tensor>();
        using (Autograd.NoGrad())
            foreach (var (name, t) in Trainer.Model.StateDict())
            {
                var c = Tensor.AllocateUnscoped(t.Shape);
                c.CopyFrom(t);
                copy[name] = c;
            }
        _snapshots.Add(copy);
        _epochs.Add(epoch);
        if (Directory is not null)
        {
            System.IO.Directory.CreateDirectory(Directory);
            Checkpoint.SaveWeights(Path.Combine(Directory, $"snapshot_{_snapshots.Count - 1}.safetensors"), Trainer.Model);
        }
    }

    /// <summary>
    /// An ensemble of the last <paramref name="count"/> snapshots (all when null): each member is a new model from
    /// <paramref name="modelFactory"/> (same architecture) loaded with a snapshot.
    /// </summary>
    public Ensemble BuildEnsemble(Func<Module> modelFactory, int? count = null, EnsembleMethod method = EnsembleMethod.AverageProbabilities)
    {
        ArgumentNullException.ThrowIfNull(modelFactory);
        if (_snapshots.Count == 0)
            throw new InvalidOperationException("SnapshotEnsembleCallback: no snapshot was taken; train for at least one full cycle (T0 epochs)");
        int take = Math.Clamp(count ?? _snapshots.Count, 1, _snapshots.Count);
        var members = new List<Module>();
        foreach (var snapshot in _snapshots.Skip(_snapshots.Count - take))
        {
            var model = modelFactory();
            model.LoadStateDict(snapshot);
            members.Add(model);
        }
        return new Ensemble(members, method);
    }
}
