using Google.Protobuf.WellKnownTypes;

namespace TaskRpc.IntegrationTests.Fuzz;

/// <summary>google.protobuf.Value trees nested to a chosen depth (JSON containers inside each other).</summary>
internal static class NestedValues
{
    /// <summary><paramref name="depth"/> arrays inside each other around a number: <c>[[[1]]]</c> is depth 3.</summary>
    public static Value Lists(int depth)
    {
        var value = Value.ForNumber(1);
        for (var i = 0; i < depth; i++)
        {
            value = Value.ForList(value);
        }

        return value;
    }

    /// <summary><paramref name="depth"/> objects inside each other around a number: <c>{"a":{"a":1}}</c> is depth 2.</summary>
    public static Value Structs(int depth)
    {
        var value = Value.ForNumber(1);
        for (var i = 0; i < depth; i++)
        {
            var inner = new Struct();
            inner.Fields["a"] = value;
            value = Value.ForStruct(inner);
        }

        return value;
    }
}
