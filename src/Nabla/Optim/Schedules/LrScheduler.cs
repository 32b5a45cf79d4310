namespace Nabla.Optim.Schedules;

/// <summary>
/// Base of the learning-rate schedules, PyTorch's <c>torch.optim.lr_scheduler._LRScheduler</c>. A schedule sets each
/// parameter group's <c>lr</c> (remembering the starting value as the group's <c>initial_lr</c>); construction applies
/// the value for epoch 0. Call <see cref="Step()"/> once per epoch or once per batch, after the optimizer's step;
/// the schedule counts whichever you choose. <see cref="Step(int)"/> jumps to an epoch using the closed form where
/// the schedule has one (as PyTorch does), otherwise the recursive form.
/// </summary>
/// <remarks>
/// The recursive ("chainable") forms follow PyTorch 1.13 exactly, including reading the group's current <c>lr</c>,
/// so that a schedule composed with another change of <c>lr</c> behaves as in PyTorch and <see cref="LastLr"/>
/// matches <c>get_last_lr()</c> step for step.
/// </remarks>
public abstract class LrScheduler
{
    private readonly double[] _baseLrs;
    private readonly double[] _lastLr;
    private readonly double[] _values;

    /// <summary>Attaches a schedule to <paramref name="optimizer"/>; subclasses call <see cref="InitialStep"/> at the end of their constructor.</summary>
    /// <param name="optimizer">The optimizer whose groups' <c>lr</c> is scheduled.</param>
    /// <param name="lastEpoch">The index of the last epoch when resuming, or −1 to start.</param>
    /// <exception cref="ArgumentException">Resuming (lastEpoch ≠ −1) but a group lacks <c>initial_lr</c>.</exception>
    protected LrScheduler(Optimizer optimizer, int lastEpoch = -1)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        var groups = optimizer.ParamGroups;
        for (int i = 0; i < groups.Count; i++)
        {
            if (lastEpoch == -1) groups[i].Options.TryAdd("initial_lr", groups[i].Lr);
            else if (!groups[i].Options.ContainsKey("initial_lr"))
                throw new ArgumentException(
                    $"{GetType().Name}: resuming at lastEpoch {lastEpoch} but parameter group {i} has no 'initial_lr'; start with lastEpoch = -1 or load the optimizer's state first");
        }
        _baseLrs = new double[groups.Count];
        for (int i = 0; i < groups.Count; i++) _baseLrs[i] = groups[i]["initial_lr"];
        _lastLr = new double[groups.Count];
        _values = new double[groups.Count];
        LastEpoch = lastEpoch;
    }

    /// <summary>The scheduled optimizer.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The starting learning rate of each group (its <c>initial_lr</c>).</summary>
    public IReadOnlyList<double> BaseLrs => _baseLrs;

    /// <summary>Mutable access to the base rates for schedules that define their own (CyclicLR).</summary>
    protected Span<double> BaseLrsSpan => _baseLrs;

    /// <summary>The learning rate each group received at the last step (PyTorch's <c>get_last_lr()</c>).</summary>
    public IReadOnlyList<double> LastLr => _lastLr;

    /// <summary>The index of the current epoch (or batch): 0 after construction, +1 per <see cref="Step()"/>.</summary>
    public int LastEpoch { get; protected set; }

    /// <summary>How many times the schedule has stepped, counting the step made at construction.</summary>
    protected int StepCount { get; set; }

    /// <summary>The number of parameter groups.</summary>
    protected int GroupCount => _baseLrs.Length;

    /// <summary>The current <c>lr</c> of group <paramref name="i"/>.</summary>
    protected double GroupLr(int i) => Optimizer.ParamGroups[i].Lr;

    /// <summary>Applies the schedule's value for the starting epoch; called once at the end of each subclass constructor.</summary>
    protected void InitialStep()
    {
        StepCount = 0;
        Step();
    }

    /// <summary>Advances one epoch (or batch) and sets every group's learning rate.</summary>
    public virtual void Step()
    {
        StepCount++;
        LastEpoch++;
        ComputeLr(_values);
        Apply(_values);
    }

    /// <summary>Jumps to <paramref name="epoch"/>, using the closed form where the schedule has one.</summary>
    public virtual void Step(int epoch)
    {
        StepCount++;
        LastEpoch = epoch;
        if (!ClosedFormLr(_values)) ComputeLr(_values);
        Apply(_values);
    }

    /// <summary>Writes the learning rate of every group for <see cref="LastEpoch"/> (PyTorch's <c>get_lr()</c>).</summary>
    protected abstract void ComputeLr(Span<double> lrs);

    /// <summary>Writes the closed-form learning rates for <see cref="LastEpoch"/>; false when the schedule has none.</summary>
    protected virtual bool ClosedFormLr(Span<double> lrs) => false;

    /// <summary>Sets every group's <c>lr</c> and records it in <see cref="LastLr"/>.</summary>
    protected void Apply(ReadOnlySpan<double> lrs)
    {
        var groups = Optimizer.ParamGroups;
        for (int i = 0; i < groups.Count; i++)
        {
            groups[i].Lr = lrs[i];
            _lastLr[i] = lrs[i];
        }
    }

    /// <summary>The schedule's position and parameters that change while it runs (PyTorch's <c>state_dict()</c>).</summary>
    public virtual SchedulerStateDict StateDict()
    {
        var s = new SchedulerStateDict();
        s.Scalars["last_epoch"] = LastEpoch;
        s.Scalars["_step_count"] = StepCount;
        s.Lists["base_lrs"] = (double[])_baseLrs.Clone();
        s.Lists["_last_lr"] = (double[])_lastLr.Clone();
        return s;
    }

    /// <summary>Restores a state saved by <see cref="StateDict"/> (load the optimizer's state too, for its <c>lr</c> values).</summary>
    /// <exception cref="ArgumentException">The state is for a different number of parameter groups, or lacks a key.</exception>
    public virtual void LoadStateDict(SchedulerStateDict state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var baseLrs = state.List("base_lrs", GetType().Name);
        if (baseLrs.Length != _baseLrs.Length)
            throw new ArgumentException($"{GetType().Name}.LoadStateDict: the state has {baseLrs.Length} parameter groups but the optimizer has {_baseLrs.Length}");
        baseLrs.CopyTo(_baseLrs, 0);
        state.List("_last_lr", GetType().Name).CopyTo(_lastLr, 0);
        LastEpoch = (int)state.Scalar("last_epoch", GetType().Name);
        StepCount = (int)state.Scalar("_step_count", GetType().Name);
    }
}
