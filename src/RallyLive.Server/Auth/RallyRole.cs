namespace RallyLive.Server.Auth;

/// <summary>A role is held in one rally only; a token names the rally, the role and who holds it.</summary>
public enum RallyRole
{
    Viewer,
    Moderator,
    Organiser,
}

/// <summary>What a valid token says: who (<see cref="SubjectId"/>) may act as <see cref="Role"/> in <see cref="RallyId"/>, until <see cref="ExpiresAt"/>.</summary>
public sealed record RallyGrant(string RallyId, RallyRole Role, string SubjectId, DateTimeOffset ExpiresAt);
