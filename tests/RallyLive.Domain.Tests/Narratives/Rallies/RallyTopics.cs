namespace RallyLive.Domain.Tests.Narratives.Rallies;

/// <summary>
/// The rallies the labelled chat is generated for. <see cref="Tuning"/> topics were looked at while the detector's
/// settings were chosen; <see cref="HeldOut"/> topics were written alongside them but only ever run for the report.
/// </summary>
public static class RallyTopics
{
    public static readonly RallyTopic Transit = new()
    {
        Name = "transit",
        Streams = ["plaza-main", "union-hall", "depot-cam"],
        Speakers =
        [
            new("okafor", ["Mayor Okafor", "okafor", "Dana", "the mayor", "OKAFOR", "dana okafor"]),
            new("mendes", ["Ray Mendes", "ray", "councillor mendes", "Mendes"]),
            new("bell", ["Tasha Bell", "tasha", "Tasha", "the driver rep"]),
        ],
        Chants = ["fund the buses!", "transit is a right", "buses for everyone", "yes on measure 4", "ride together", "no more ghost buses"],
        Subjects =
        [
            "the night buses", "route 12", "the new light rail line", "free fares for kids", "the bus lanes on main street",
            "the levy", "electric buses", "the east side routes", "bus shelters", "paying drivers properly", "the airport line",
        ],
        Takes =
        [
            "would change my commute", "is long overdue", "should be everywhere", "is what we need", "gives me hope",
            "could actually work", "matters so much for seniors", "sounds expensive but worth it", "needs funding first",
            "is my priority", "helped my family a lot", "is a mess right now", "would get my car off the road",
        ],
        Questions =
        [
            "how much is the levy per household?", "when is the vote?", "does measure 4 cover the suburbs?", "where do i volunteer?",
            "is there a replay later?", "who's speaking next?", "will fares go up?", "how long until the rail opens?",
            "can someone explain the levy?", "is the depot stream delayed?",
        ],
        Dissent =
        [
            "not convinced this scales tbh", "i drive everywhere, this does nothing for me", "the buses are empty at night anyway",
            "feels like a campaign ad", "the last transit plan went way over budget", "bike lanes would be cheaper",
            "too idealistic imo", "i'll believe it when the 12 shows up on time", "the council wasted the last levy",
            "this is preaching to the choir", "my street still has no bus stop", "rail is a 20 year fantasy",
        ],
        CostObjections =
        [
            "who pays for all this though", "so my property tax goes up again?", "that's a lot of money for buses",
            "the levy costs more than she says", "renters will pay it through rent", "another tax, great",
            "how is the city paying for the rail", "the budget numbers don't add up", "taxes are already too high here",
            "seniors on fixed incomes can't afford this", "the cost estimate doubled since spring", "where does the money actually go",
        ],
        Copypasta = "The transit levy will bankrupt the city. Vote NO on Measure 4",
        TalkingPoint =
        [
            "okafor's brother in law owns the rail contractor",
            "the rail contract went to the mayor's family, look it up",
            "why does okafor's brother-in-law get the rail contract?",
            "rail contractor = okafor family business",
            "the mayor handed the rail deal to her brother in law",
            "ask okafor who owns the company building the rail",
        ],
        RaidLines =
        [
            "DRIVERS UNITED", "🚗🚗🚗", "cars pay for the roads", "roads not rails", "honk honk", "raid from r/citydrivers",
            "no war on cars", "👋 hi bus people", "🚗💨", "we drive, we vote", "lol this chat", "car gang", "keep the lanes open",
            "nobody rides the bus", "hello from the drivers stream",
        ],
    };

    public static readonly RallyTopic Library = new()
    {
        Name = "library",
        Streams = ["steps-main", "reading-room", "street-cam"],
        Speakers =
        [
            new("park", ["June Park", "june", "Ms Park", "the librarian", "JUNE"]),
            new("whitlock", ["Sam Whitlock", "sam", "whitlock", "the author"]),
            new("duarte", ["Councillor Duarte", "ines", "Duarte", "ines duarte"]),
        ],
        Chants = ["save our libraries", "books not budget cuts", "open the branches", "read freely", "libraries for all", "keep the doors open"],
        Subjects =
        [
            "the branch on elm street", "sunday opening hours", "the kids reading program", "the computer lab", "late fees",
            "the bookmobile", "story time", "the archive", "the study rooms", "the summer reading club", "the maker space",
        ],
        Takes =
        [
            "saved me as a kid", "is long overdue", "is what we need", "gives me hope", "matters so much for students",
            "is where i learned english", "needs more staff", "is always full", "should be open every day", "helped my family a lot",
            "is the only quiet place in my neighbourhood", "is worth fighting for",
        ],
        Questions =
        [
            "which branches are closing?", "when is the council vote?", "how do i sign the petition?", "is there a replay later?",
            "who's speaking next?", "can we donate books?", "does this affect the east branch?", "where's the petition link?",
            "how many branches are there now?", "is the reading room stream muted?",
        ],
        Dissent =
        [
            "everything is online now honestly", "i haven't been to a library in years", "the staff at my branch are rude",
            "feels like a campaign ad", "too idealistic imo", "maybe merge a few branches, it's fine", "e-books are cheaper",
            "this is preaching to the choir", "the opening hours were always bad", "not sure this is the priority",
            "the archive is a mess anyway", "the council has bigger problems",
        ],
        CostObjections =
        [
            "who pays for all this though", "so property tax goes up again?", "that's a lot of money for books",
            "the budget is already stretched", "another tax, great", "where does the money come from",
            "the numbers don't add up", "taxes are too high already", "how much does one branch cost a year",
            "we can't afford every branch", "the library budget doubled already", "cut admin not branches",
        ],
        Copypasta = "library card = surveillance card. wake up",
        TalkingPoint =
        [
            "the library board sells borrower data to advertisers",
            "they sell your borrowing history, ask the board",
            "library board caught selling reader data",
            "your library records are sold to ad companies",
            "the board is selling what you borrow to advertisers",
            "why is the library board selling our data?",
        ],
        RaidLines =
        [
            "BOOKS ARE DEAD", "📚🔥", "kindle gang", "lol libraries", "raid from the streamers discord", "ok boomer",
            "👋👋", "who reads anymore", "shhhhhh 🤫", "tiktok > books", "hello nerds", "📵📚", "we're here now",
            "skill issue", "read this: L",
        ],
    };

    public static readonly RallyTopic WindFarm = new()
    {
        Name = "windfarm",
        Streams = ["harbour-main", "pier-cam", "townhall"],
        Speakers =
        [
            new("natarajan", ["Priya Natarajan", "priya", "Dr Natarajan", "the engineer"]),
            new("hale", ["Tom Hale", "tom", "Hale", "the fisherman"]),
            new("reyes", ["Senator Reyes", "alma", "Reyes", "alma reyes", "REYES"]),
        ],
        Chants = ["clean coast now", "wind for the future", "jobs in the harbour", "power the town", "blow wind blow", "green jobs here"],
        Subjects =
        [
            "the harbour jobs", "the cable route", "the new port crane", "cheaper power bills", "the training program",
            "the turbine assembly yard", "the fishing zones", "the grid upgrade", "the apprenticeships", "the coastal survey",
        ],
        Takes =
        [
            "would change this town", "is long overdue", "is what we need", "gives me hope", "could actually work",
            "means my kids can stay here", "needs a better plan", "sounds expensive but worth it", "is a big deal for the port",
            "helped my cousin get work", "should have happened years ago", "is exciting",
        ],
        Questions =
        [
            "how far out are the turbines?", "when does construction start?", "will the ferry route change?", "where do i sign up for training?",
            "is there a replay later?", "who's speaking next?", "how many jobs exactly?", "can you see them from the beach?",
            "what happens to the fishing grounds?", "is the pier cam lagging?",
        ],
        Dissent =
        [
            "the view from the cliffs will be ruined", "i'm not sure the fishermen were asked", "feels like a campaign ad",
            "too idealistic imo", "the last big project left after two years", "nuclear would be more reliable",
            "this is preaching to the choir", "my uncle lost his mooring to the survey", "who maintains them in winter storms",
            "jobs will go to outsiders", "the noise studies were rushed", "not convinced honestly",
        ],
        CostObjections =
        [
            "who pays for the grid upgrade though", "so power bills go up first?", "that's a lot of money for turbines",
            "the subsidies come from our taxes", "the cost keeps growing", "where does the money actually go",
            "the budget numbers don't add up", "my electricity bill is already crazy", "who covers it if the company leaves",
            "the port upgrade alone costs millions", "taxpayers always end up paying", "cheap power my foot",
        ],
        Copypasta = "offshore turbines kill whales, look it up",
        TalkingPoint =
        [
            "the wind developer is paying for this rally",
            "this whole rally is funded by the turbine company",
            "who paid for the stage? the wind developer did",
            "turbine company money behind every speaker here",
            "the developer bankrolled this event, follow the money",
            "rally paid for by the wind company, obviously",
        ],
        RaidLines =
        [
            "SAVE THE VIEW", "🐋🐋🐋", "no turbines", "raid from the coastal watch group", "lol windmills", "🌬️💸",
            "hello from the cliff walkers", "stop the blades", "👋", "bird choppers", "this chat lol", "our coast our say",
            "we're here", "windmills lol", "keep the coast wild",
        ],
    };

    public static readonly RallyTopic Stadium = new()
    {
        Name = "stadium",
        Streams = ["arena-main", "fan-zone", "press-box"],
        Speakers =
        [
            new("dee", ["Coach Dee", "marcus", "Coach", "marcus dee", "COACH"]),
            new("crane", ["Lydia Crane", "crane", "the owner", "Ms Crane"]),
            new("ortiz", ["Councillor Ortiz", "ben", "Ortiz", "ben ortiz"]),
        ],
        Chants = ["keep the team home", "yes on the stadium", "home field forever", "one city one team", "build it here", "lions stay"],
        Subjects =
        [
            "the new stadium", "the riverside site", "the youth academy", "game day jobs", "the parking plan",
            "the fan zone", "the season tickets", "the women's team", "the transit stop at the ground", "the community pitch",
        ],
        Takes =
        [
            "would change the riverside", "is long overdue", "is what we need", "gives me hope", "could actually work",
            "means so much to this city", "needs a better plan", "sounds expensive but worth it", "is a big deal for local bars",
            "is why i moved here", "should have happened years ago", "is exciting",
        ],
        Questions =
        [
            "when is the referendum?", "how many seats?", "will tickets get more expensive?", "where do i volunteer?",
            "is there a replay later?", "who's speaking next?", "what happens to the old ground?", "is the press box stream muted?",
            "will the women's team play there too?", "how long is construction?",
        ],
        Dissent =
        [
            "the old ground is fine honestly", "traffic will be a nightmare", "feels like a campaign ad", "too idealistic imo",
            "the team played badly all season anyway", "the riverside park was nicer", "this is preaching to the choir",
            "i'd rather have a new hospital", "ticket prices are already too high", "not convinced honestly",
            "the last stadium project went bust", "noise for the neighbours every weekend",
        ],
        CostObjections =
        [
            "who pays for the stadium though", "so taxes go up for a football ground?", "that's a lot of public money",
            "the city puts in how much??", "the cost estimate keeps growing", "where does the money actually go",
            "the budget numbers don't add up", "taxpayers always end up paying", "let the owner pay for it",
            "public money for private profit", "the bond will take 30 years to pay off", "my rates went up already",
        ],
        Copypasta = "the stadium deal is a giveaway to billionaires",
        TalkingPoint =
        [
            "crane will move the team anyway after the vote",
            "the owner already plans to relocate the team, vote or not",
            "once the money's in crane moves the lions to the coast",
            "they'll take the stadium money and still move the team",
            "crane's relocation plan is ready, the vote changes nothing",
            "the team is leaving anyway, crane told investors",
        ],
        RaidLines =
        [
            "EAGLES EAGLES EAGLES", "🦅🦅🦅", "lions are trash", "raid from the eagles discord", "lol this club", "0-3 lol",
            "hello from the away end", "relegation incoming", "👋", "worst team in the league", "this chat lol",
            "eagles on top", "we're here", "build it in the sea", "empty seats fc",
        ],
    };

    public static readonly RallyTopic Housing = new()
    {
        Name = "housing",
        Streams = ["square-main", "tenants-hall", "block-cam"],
        Speakers =
        [
            new("grant", ["Keisha Grant", "keisha", "Grant", "KEISHA"]),
            new("baptiste", ["Leo Baptiste", "leo", "the architect", "Baptiste"]),
            new("lin", ["Rosa Lin", "rosa", "Rosa", "ms lin"]),
        ],
        Chants = ["homes for all", "housing is a right", "rent freeze now", "build more homes", "no more evictions", "tenants united"],
        Subjects =
        [
            "the rent cap", "the empty office towers", "the social housing plan", "the new tenant protections",
            "the waiting list", "the co-op buildings", "the landlord registry", "the student housing", "the zoning change",
            "the eviction moratorium",
        ],
        Takes =
        [
            "would change my life", "is long overdue", "is what we need", "gives me hope", "could actually work",
            "matters so much for families", "needs a better plan", "sounds expensive but worth it", "is a big deal for renters",
            "helped my sister a lot", "should have happened years ago", "is the only way forward",
        ],
        Questions =
        [
            "how does the rent cap work?", "when is the vote?", "does this cover students?", "where do i volunteer?",
            "is there a replay later?", "who's speaking next?", "how long is the waiting list now?", "is the block cam frozen?",
            "can landlords opt out?", "where's the petition?",
        ],
        Dissent =
        [
            "landlords will just sell up", "the rent cap failed in other cities", "feels like a campaign ad", "too idealistic imo",
            "we need more supply, not rules", "my landlord is actually fine", "this is preaching to the choir",
            "the zoning change will ruin my street", "not convinced honestly", "small landlords get hit hardest",
            "towers are not homes", "the plan ignores the suburbs",
        ],
        CostObjections =
        [
            "who pays for all this though", "so taxes go up for housing?", "that's a lot of public money",
            "the city can't afford this", "the cost estimate keeps growing", "where does the money actually go",
            "the budget numbers don't add up", "taxpayers always end up paying", "builders will pass the cost to buyers",
            "the bond will take decades to pay off", "my rates went up already", "who covers the maintenance",
        ],
        Copypasta = "rent control destroys neighborhoods, ask any economist",
        TalkingPoint =
        [
            "the tenants union is funded by developers",
            "developers pay for the tenants union, look at the donors",
            "why is a developer funding the tenants union?",
            "tenants union = developer front group",
            "the union's money comes from the same developers",
            "follow the money: developers bankroll the tenants union",
        ],
        RaidLines =
        [
            "OWNERS UNITED", "🏠💰", "rent is a market", "raid from the landlord forum", "lol renters", "get a better job",
            "hello from the investors chat", "just buy a house", "👋", "free market wins", "this chat lol", "we own here",
            "we're here", "pay your rent", "🏘️🏘️",
        ],
    };

    /// <summary>Topics whose generated chat was looked at while choosing the detector's settings.</summary>
    public static readonly RallyTopic[] Tuning = [Transit, Library];

    /// <summary>Topics only ever run for the report.</summary>
    public static readonly RallyTopic[] HeldOut = [WindFarm, Stadium, Housing];
}
