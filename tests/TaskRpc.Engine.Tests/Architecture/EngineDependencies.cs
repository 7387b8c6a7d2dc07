using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace TaskRpc.Engine.Tests.Architecture;

/// <summary>
/// What TaskRpc.Engine's types actually use, read from the built assembly with
/// System.Reflection.Metadata: base types, interfaces, generic constraints, attributes, the
/// signatures of fields, methods, properties and events, locals, catch clauses, and every type,
/// method and field token in method bodies (IL), so a reference the compiler kept counts wherever
/// it is written (lambdas, async state machines and other nested types count as their outermost
/// type). Only types in TaskRpc.Engine and its namespaces are kept; the rest is the platform's.
/// </summary>
internal static class EngineDependencies
{
    private const string EngineNamespace = "TaskRpc.Engine";

    private static readonly Dictionary<ushort, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => unchecked((ushort)o.Value), o => o.OperandType);

    /// <summary>Every distinct (user, used, first site) in the assembly at <paramref name="path"/>.</summary>
    public static IReadOnlyList<EngineDependency> Read(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        var uses = new SignatureTypes(md);
        var found = new Dictionary<(string From, string To), string>();
        foreach (var handle in md.TypeDefinitions)
        {
            var from = NameOf(md, Outermost(md, handle));
            if (!IsEngine(from))
            {
                continue;
            }

            var type = md.GetTypeDefinition(handle);
            var typeName = md.GetString(type.Name);
            uses.Entity(type.BaseType);
            foreach (var implementation in type.GetInterfaceImplementations())
            {
                uses.Entity(md.GetInterfaceImplementation(implementation).Interface);
            }

            Constraints(md, uses, type.GetGenericParameters());
            Attributes(md, uses, type.GetCustomAttributes());
            Flush(md, uses, found, from, typeName);
            foreach (var fieldHandle in type.GetFields())
            {
                var field = md.GetFieldDefinition(fieldHandle);
                field.DecodeSignature(uses, null);
                Attributes(md, uses, field.GetCustomAttributes());
                Flush(md, uses, found, from, typeName + "." + md.GetString(field.Name));
            }

            foreach (var propertyHandle in type.GetProperties())
            {
                var property = md.GetPropertyDefinition(propertyHandle);
                property.DecodeSignature(uses, null);
                Attributes(md, uses, property.GetCustomAttributes());
                Flush(md, uses, found, from, typeName + "." + md.GetString(property.Name));
            }

            foreach (var eventHandle in type.GetEvents())
            {
                var @event = md.GetEventDefinition(eventHandle);
                uses.Entity(@event.Type);
                Flush(md, uses, found, from, typeName + "." + md.GetString(@event.Name));
            }

            foreach (var methodHandle in type.GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                method.DecodeSignature(uses, null);
                Constraints(md, uses, method.GetGenericParameters());
                Attributes(md, uses, method.GetCustomAttributes());
                if (method.RelativeVirtualAddress != 0)
                {
                    Body(md, uses, pe.GetMethodBody(method.RelativeVirtualAddress));
                }

                Flush(md, uses, found, from, typeName + "." + md.GetString(method.Name) + "()");
            }
        }

        return [.. found.Select(f => new EngineDependency(f.Key.From, f.Key.To, f.Value))];
    }

    /// <summary>Whether <paramref name="fullName"/> is in the engine's namespace or one under it.</summary>
    public static bool IsEngine(string fullName) =>
        fullName.StartsWith(EngineNamespace + ".", StringComparison.Ordinal);

    private static void Body(MetadataReader md, SignatureTypes uses, MethodBodyBlock body)
    {
        if (!body.LocalSignature.IsNil)
        {
            md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(uses, null);
        }

        foreach (var region in body.ExceptionRegions)
        {
            uses.Entity(region.CatchType);
        }

        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            ushort code = il.ReadByte();
            if (code == 0xFE)
            {
                code = (ushort)(0xFE00 | il.ReadByte());
            }

            switch (Operands[code])
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    il.Offset += 1;
                    break;
                case OperandType.InlineVar:
                    il.Offset += 2;
                    break;
                case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.ShortInlineR or OperandType.InlineString or OperandType.InlineSig:
                    il.Offset += 4;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    il.Offset += 8;
                    break;
                case OperandType.InlineSwitch:
                    var targets = il.ReadInt32(); // Read first: `Offset += 4 * ReadInt32()` would take Offset before the read moved it.
                    il.Offset += 4 * targets;
                    break;
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok:
                    uses.Entity(MetadataTokens.EntityHandle(il.ReadInt32()));
                    break;
                default:
                    throw new InvalidOperationException($"IL operand type {Operands[code]} (opcode 0x{code:X}) is not handled.");
            }
        }
    }

    private static void Constraints(MetadataReader md, SignatureTypes uses, GenericParameterHandleCollection parameters)
    {
        foreach (var parameter in parameters)
        {
            foreach (var constraint in md.GetGenericParameter(parameter).GetConstraints())
            {
                uses.Entity(md.GetGenericParameterConstraint(constraint).Type);
            }
        }
    }

    private static void Attributes(MetadataReader md, SignatureTypes uses, CustomAttributeHandleCollection attributes)
    {
        foreach (var attribute in attributes)
        {
            uses.Entity(md.GetCustomAttribute(attribute).Constructor);
        }
    }

    private static void Flush(MetadataReader md, SignatureTypes uses, Dictionary<(string From, string To), string> found, string from, string site)
    {
        foreach (var used in uses.Found)
        {
            var to = NameOf(md, Outermost(md, used));
            if (to != from && IsEngine(to))
            {
                found.TryAdd((from, to), site);
            }
        }

        uses.Found.Clear();
    }

    private static TypeDefinitionHandle Outermost(MetadataReader md, TypeDefinitionHandle handle)
    {
        for (var declaring = md.GetTypeDefinition(handle).GetDeclaringType(); !declaring.IsNil; declaring = md.GetTypeDefinition(handle).GetDeclaringType())
        {
            handle = declaring;
        }

        return handle;
    }

    private static string NameOf(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        var name = md.GetString(type.Name);
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return md.GetString(type.Namespace) + "." + (tick < 0 ? name : name[..tick]);
    }
}
