namespace TaskRpc.Engine.Tests.Executors.Contract.Tasks;

/// <summary>What contract.throw throws: a type of the test's own, so its name can only come from the handler.</summary>
internal sealed class ContractHandlerException : Exception
{
    public ContractHandlerException()
    {
    }

    public ContractHandlerException(string message)
        : base(message)
    {
    }

    public ContractHandlerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
