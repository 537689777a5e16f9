using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using RallyLive.Grains.Runtime.Concurrency;
using RallyLive.Grains.Runtime.Storage;

namespace RallyLive.Grains.Runtime.Activation;

/// <summary>
/// What the runtime knows about a grain class, worked out once at start-up: its grain type, its concurrency
/// and collection settings, and how to construct it (which constructor, and where each argument comes from).
/// </summary>
internal sealed class GrainClassInfo
{
    private readonly ConstructorInvoker _constructor;
    private readonly Func<ActivationData, object?>[] _arguments;

    private GrainClassInfo(Type classType, TimeSpan defaultCollectionAge)
    {
        ClassType = classType;
        GrainType = classType.GetCustomAttribute<GrainTypeAttribute>()?.GrainType ?? ConventionalGrainType(classType);
        IsReentrant = classType.IsDefined(typeof(ReentrantAttribute), inherit: true);
        CollectionAge = classType.GetCustomAttribute<CollectionAgeLimitAttribute>()?.AgeLimit is { } age && age > TimeSpan.Zero ? age : defaultCollectionAge;
        var constructor = ChooseConstructor(classType);
        _constructor = ConstructorInvoker.Create(constructor);
        _arguments = [.. constructor.GetParameters().Select(parameter => ArgumentSource(classType, parameter))];
    }

    public Type ClassType { get; }

    public string GrainType { get; }

    public bool IsReentrant { get; }

    public TimeSpan CollectionAge { get; }

    public static GrainClassInfo Create(Type classType, TimeSpan defaultCollectionAge)
    {
        if (!typeof(Grain).IsAssignableFrom(classType) || classType.IsAbstract || classType.IsGenericTypeDefinition)
        {
            throw new InvalidOperationException($"{classType.FullName} cannot be a grain class: it must be a concrete, non-generic class derived from Grain.");
        }

        return new GrainClassInfo(classType, defaultCollectionAge);
    }

    public Grain CreateInstance(ActivationData activation)
    {
        var arguments = new object?[_arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = _arguments[i](activation);
        }

        return (Grain)_constructor.Invoke(arguments.AsSpan());
    }

    /// <summary><c>PollGrain</c> becomes <c>poll</c>: the class name, lower-case, without a trailing "grain" (as in Orleans).</summary>
    internal static string ConventionalGrainType(Type classType)
    {
        var name = classType.Name.ToLowerInvariant();
        return name.Length > "grain".Length && name.EndsWith("grain", StringComparison.Ordinal) ? name[..^"grain".Length] : name;
    }

    private static ConstructorInfo ChooseConstructor(Type classType)
    {
        var constructors = classType.GetConstructors();
        return constructors.Length switch
        {
            0 => throw new InvalidOperationException($"Grain class {classType.FullName} has no public constructor."),
            1 => constructors[0],
            _ => constructors.SingleOrDefault(c => c.IsDefined(typeof(ActivatorUtilitiesConstructorAttribute)))
                ?? throw new InvalidOperationException($"Grain class {classType.FullName} has several public constructors; mark one [ActivatorUtilitiesConstructor]."),
        };
    }

    /// <summary>Binds a storage attribute's factory (<c>Create&lt;T&gt;(activation, attribute)</c>) to the parameter's item type, once.</summary>
    private static Func<ActivationData, TAttribute, object> StorageFactory<TAttribute>(Type classType, ParameterInfo parameter, Type expected, Type factory)
    {
        var type = parameter.ParameterType;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != expected)
        {
            throw new InvalidOperationException(
                $"Parameter '{parameter.Name}' of grain class {classType.FullName} is marked [{typeof(TAttribute).Name.Replace("Attribute", "", StringComparison.Ordinal)}] but is not an {expected.Name.Split('`')[0]}<T>.");
        }

        return factory.GetMethod("Create")!
            .MakeGenericMethod(type.GetGenericArguments()[0])
            .CreateDelegate<Func<ActivationData, TAttribute, object>>();
    }

    private static Func<ActivationData, object?> ArgumentSource(Type classType, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (parameter.GetCustomAttribute<PersistentStateAttribute>() is { } state)
        {
            var create = StorageFactory<PersistentStateAttribute>(classType, parameter, typeof(IPersistentState<>), typeof(PersistentStateFactory));
            return activation => create(activation, state);
        }

        if (parameter.GetCustomAttribute<PersistentRecordsAttribute>() is { } records)
        {
            var create = StorageFactory<PersistentRecordsAttribute>(classType, parameter, typeof(IPersistentRecords<>), typeof(PersistentRecordsFactory));
            return activation => create(activation, records);
        }

        if (parameter.GetCustomAttribute<FromKeyedServicesAttribute>() is { } keyed)
        {
            return activation => activation.ActivationServices.GetRequiredKeyedService(type, keyed.Key);
        }

        return activation => activation.ActivationServices.GetService(type)
            ?? (parameter.HasDefaultValue ? parameter.DefaultValue : throw new InvalidOperationException(
                $"Grain {activation.GrainId} needs a {type.Name} for parameter '{parameter.Name}' of {classType.Name}, and no such service is registered."));
    }
}
