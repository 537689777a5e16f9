using System.Globalization;
using RallyLive.Abstractions.Questions;

namespace RallyLive.Grains.Questions;

/// <summary>Question ids (<c>q1</c>, <c>q2</c>…), their record keys, and the order questions are listed in.</summary>
public static class QuestionKeys
{
    /// <summary>Most upvoted first; among equals, the first asked first.</summary>
    public static IEnumerable<Question> Ranked(IEnumerable<Question> questions) =>
        questions.OrderByDescending(q => q.Upvotes).ThenBy(q => q.AskedAt).ThenBy(q => Number(q.Id));

    /// <summary>Fixed width, so that record key order is question order.</summary>
    public static string RecordKey(int number) => number.ToString("D6", CultureInfo.InvariantCulture);

    public static string QuestionId(int number) => "q" + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>The number of a question id (<c>q12</c>), or 0 when it is not one.</summary>
    public static int Number(string? questionId) =>
        questionId is { Length: > 1 and < 9 } && questionId[0] == 'q'
        && int.TryParse(questionId.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : 0;
}
