using Nabla.Nn;

namespace Nabla.Onnx;

public static partial class OnnxExporters
{
    /// <summary>Sequential chains its children; Residual adds body(x) and shortcut(x); Identity and dropout pass x through.</summary>
    private static void RegisterContainers()
    {
        Register<Sequential>((context, sequential, input) =>
        {
            var x = input;
            foreach (var layer in sequential.Layers)
                x = context.Export(layer, x);
            return x;
        });
        Register<Residual>((context, residual, input) =>
        {
            var body = context.Export(residual.Body, input);
            var skip = residual.Shortcut is null ? input : context.Export(residual.Shortcut, input);
            return new OnnxValue(context.Node(residual, "Add", [body.Name, skip.Name]), body.Sample + skip.Sample);
        });
        Register<Identity>(PassThrough);
        Register<Dropout>(PassThrough);
        Register<Dropout2d>(PassThrough);
    }

    /// <summary>Layers that are the identity in evaluation mode add no node.</summary>
    private static OnnxValue PassThrough(OnnxExportContext context, Module module, OnnxValue input) =>
        context.Output(module, input, input.Name);
}
