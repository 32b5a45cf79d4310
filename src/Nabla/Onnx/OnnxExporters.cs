using System.Collections.Concurrent;
using Nabla.Nn;

namespace Nabla.Onnx;

/// <summary>Emits the ONNX nodes for one module applied to <paramref name="input"/> and returns its output.</summary>
/// <typeparam name="TModule">The module type handled.</typeparam>
public delegate OnnxValue OnnxModuleExporter<in TModule>(OnnxExportContext context, TModule module, OnnxValue input) where TModule : Module;

/// <summary>
/// The registry of module exporters, keyed by module type. A module is exported by the exporter of its exact type,
/// else of its nearest registered base type. The built-in layers are registered at start; other modules (new layers,
/// user modules) plug in with <see cref="Register{TModule}"/>.
/// </summary>
public static partial class OnnxExporters
{
    private static readonly ConcurrentDictionary<Type, OnnxModuleExporter<Module>> Registry = new();

    static OnnxExporters()
    {
        RegisterContainers();
        RegisterDense();
        RegisterConvolutions();
        RegisterPooling();
        RegisterNormalization();
        RegisterActivations();
        RegisterShapes();
        RegisterRecurrent();
        RegisterAttention();
    }

    /// <summary>Registers (or replaces) the exporter for modules of type <typeparamref name="TModule"/>.</summary>
    public static void Register<TModule>(OnnxModuleExporter<TModule> exporter) where TModule : Module
    {
        ArgumentNullException.ThrowIfNull(exporter);
        Registry[typeof(TModule)] = (context, module, input) => exporter(context, (TModule)module, input);
    }

    /// <summary>True when modules of <paramref name="type"/> can be exported (an exporter is registered for it or a base type).</summary>
    public static bool CanExport(Type type) => Find(type) is not null;

    internal static OnnxModuleExporter<Module>? Find(Type type)
    {
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            if (Registry.TryGetValue(t, out var exporter))
                return exporter;
        return null;
    }
}
