package gen

// The taxonomy, laws, agencies and sectors are fixed: every synthetic atlas
// shares them, and only the platforms vary with the seed. Jurisdictions and
// bodies are invented (Northland, the Meridian Union, …) and every URL is
// under the reserved .example domain, so nothing can be mistaken for, or
// link to, a real one.

type category struct{ key, name, desc string }

var categories = []category{
	{"data-collection", "Data collection", "What personal data a service gathers, from where, and for how long it keeps it."},
	{"data-sharing", "Data sharing", "Who else receives users' data: affiliates, partners, buyers and public authorities."},
	{"ai-and-models", "AI and models", "How a service trains, runs and restricts machine-learning models and what they produce."},
	{"content-rights", "Content rights", "The licences users grant over what they upload and the service's power to remove it."},
	{"dispute-resolution", "Dispute resolution", "Where and how users can bring a claim, and which rights to go to court they give up."},
	{"liability", "Liability and warranties", "What the service promises, what it disclaims and what users must pay for."},
	{"account-control", "Account control", "When a service may change the terms, suspend an account or close it."},
	{"payments", "Payments and billing", "Renewals, refunds, price changes and what happens to money already paid."},
}

type clauseType struct{ key, name, cat, desc string }

// clauseTypes has 60 entries over the 8 categories.
var clauseTypes = []clauseType{
	{"biometric-data-collection", "Biometric data collection", "data-collection", "Collects face, voice or fingerprint templates, and says for what purposes."},
	{"precise-location-tracking", "Precise location tracking", "data-collection", "Records a device's exact position, sometimes while the app is closed."},
	{"contact-list-upload", "Contact list upload", "data-collection", "Copies a user's address book to the service's servers."},
	{"cross-device-tracking", "Cross-device tracking", "data-collection", "Links a person's phones, computers and televisions into one profile."},
	{"inferred-interest-profiling", "Inferred interest profiling", "data-collection", "Derives interests and traits from behaviour rather than asking for them."},
	{"retention-after-deletion", "Retention after deletion", "data-collection", "Keeps data after the user deletes it or closes the account."},
	{"minors-data-collection", "Collection of minors' data", "data-collection", "Sets how data of children and teenagers is gathered and what consent is needed."},
	{"voice-recording-retention", "Voice recording retention", "data-collection", "Keeps recordings of voice commands and lets staff or contractors listen to them."},
	{"affiliate-data-sharing", "Sharing with affiliates", "data-sharing", "Lets the service pass data to other companies of the same group."},
	{"advertising-partner-sharing", "Sharing with advertising partners", "data-sharing", "Gives identifiers and activity to advertisers and measurement firms."},
	{"data-sale-opt-out", "Data sale opt-out", "data-sharing", "Says whether data is sold and how a user can stop it."},
	{"authority-disclosure", "Disclosure to authorities", "data-sharing", "Sets when the service hands data to police or regulators, and whether it tells the user."},
	{"cross-border-transfer", "Cross-border transfer", "data-sharing", "Moves data to other countries and names the safeguards, if any."},
	{"merger-data-transfer", "Transfer on merger or sale", "data-sharing", "Treats user data as an asset that passes to a buyer of the business."},
	{"aggregated-data-licence", "Licence to aggregated data", "data-sharing", "Claims free use of de-identified or aggregated data without limit."},
	{"training-on-user-content", "Training on user content", "ai-and-models", "Uses prompts, posts or uploads to train or tune the service's models."},
	{"output-ownership", "Ownership of generated output", "ai-and-models", "Says who holds the rights in what a model generates for a user."},
	{"competing-model-ban", "Ban on building competing models", "ai-and-models", "Forbids using the service or its output to build a rival model or product."},
	{"automated-decisions", "Automated decisions", "ai-and-models", "Lets software alone decide on accounts, prices or eligibility."},
	{"human-review-of-prompts", "Human review of prompts", "ai-and-models", "Allows staff or contractors to read conversations with an AI system."},
	{"output-accuracy-disclaimer", "Output accuracy disclaimer", "ai-and-models", "Warns that generated answers may be wrong and shifts the risk of reliance to the user."},
	{"synthetic-media-labelling", "Synthetic media labelling", "ai-and-models", "Requires or promises labels on generated images, audio and video."},
	{"prompt-retention", "Prompt retention", "ai-and-models", "Sets how long inputs to an AI system are kept and where."},
	{"broad-content-licence", "Broad content licence", "content-rights", "Takes a wide licence over everything a user uploads."},
	{"perpetual-licence", "Perpetual licence", "content-rights", "Keeps the licence over content alive after the user deletes it or leaves."},
	{"sublicensable-licence", "Sublicensable licence", "content-rights", "Lets the service pass its licence over user content on to others."},
	{"moral-rights-waiver", "Waiver of moral rights", "content-rights", "Asks authors to give up attribution and integrity rights."},
	{"likeness-use", "Use of name and likeness", "content-rights", "Lets the service show a user's name or picture next to promotions."},
	{"feedback-ownership", "Ownership of feedback", "content-rights", "Takes all rights in suggestions and feedback without payment."},
	{"removal-without-notice", "Removal without notice", "content-rights", "Lets the service take content down without telling the author."},
	{"content-moderation-discretion", "Moderation discretion", "content-rights", "Keeps full discretion over what content stays up and why."},
	{"mandatory-arbitration", "Mandatory arbitration", "dispute-resolution", "Sends disputes to private arbitration instead of a court."},
	{"class-action-waiver", "Class action waiver", "dispute-resolution", "Bars users from joining group claims or class actions."},
	{"jury-trial-waiver", "Jury trial waiver", "dispute-resolution", "Gives up the right to a trial by jury."},
	{"forum-selection", "Forum selection", "dispute-resolution", "Names one court, often far from the user, for every dispute."},
	{"choice-of-law", "Choice of law", "dispute-resolution", "Picks the law that governs the contract."},
	{"shortened-limitation-period", "Shortened limitation period", "dispute-resolution", "Cuts the time a user has to bring a claim."},
	{"arbitration-opt-out-window", "Arbitration opt-out window", "dispute-resolution", "Lets users escape arbitration if they write in within a short period."},
	{"small-claims-carve-out", "Small claims carve-out", "dispute-resolution", "Keeps small claims courts open despite an arbitration clause."},
	{"liability-cap", "Liability cap", "liability", "Limits what the service pays, often to the fees of a recent period."},
	{"warranty-disclaimer", "Warranty disclaimer", "liability", "Provides the service as is, without promises of quality or fitness."},
	{"user-indemnity", "User indemnity", "liability", "Makes users pay the service's costs of claims related to their use."},
	{"consequential-damages-exclusion", "Exclusion of consequential damages", "liability", "Rules out lost profits, lost data and other indirect losses."},
	{"force-majeure", "Force majeure", "liability", "Excuses failures caused by events outside the service's control."},
	{"third-party-content-disclaimer", "Third-party content disclaimer", "liability", "Disclaims responsibility for what other users and partners provide."},
	{"security-breach-disclaimer", "Security breach disclaimer", "liability", "Limits responsibility when data is lost or stolen."},
	{"unilateral-termination", "Unilateral termination", "account-control", "Lets the service close an account for any reason."},
	{"suspension-without-notice", "Suspension without notice", "account-control", "Lets the service freeze an account before telling the user why."},
	{"unilateral-changes", "Unilateral changes to the terms", "account-control", "Lets the service change the terms, with continued use counting as acceptance."},
	{"account-non-transferability", "Non-transferable accounts", "account-control", "Forbids selling, lending or leaving an account to someone else."},
	{"inactivity-deletion", "Deletion for inactivity", "account-control", "Deletes accounts and their content after a period without use."},
	{"username-reclamation", "Username reclamation", "account-control", "Lets the service take back a handle or name from its holder."},
	{"age-verification", "Age verification", "account-control", "Requires proof of age, and says what proof and what happens to it."},
	{"automatic-renewal", "Automatic renewal", "payments", "Renews a paid plan until the user cancels."},
	{"no-refund-policy", "No refunds", "payments", "Refuses refunds for unused time or content."},
	{"price-change-notice", "Price change notice", "payments", "Sets how much warning users get before a price rises."},
	{"virtual-currency-forfeiture", "Virtual currency forfeiture", "payments", "Cancels tokens, credits or coins when an account closes."},
	{"chargeback-penalty", "Chargeback penalty", "payments", "Suspends or bills users who dispute a payment with their bank."},
	{"trial-conversion", "Trial conversion", "payments", "Turns a free trial into a paid plan unless the user cancels in time."},
	{"tax-responsibility-shift", "Tax responsibility shift", "payments", "Makes users responsible for taxes and fees on their purchases."},
}

type law struct {
	key, name, short, juris, desc, url, complaint, domain string
}

var regulations = []law{
	{key: "northland-dpa", name: "Northland Data Protection Act", short: "NDPA", juris: "Northland", desc: "Northland's general law on personal data, with rights of access, deletion and objection.", url: "https://laws.northland.example/dpa", domain: "laws.northland.example"},
	{key: "meridian-consumer-code", name: "Meridian Consumer Fairness Code", short: "MCFC", juris: "Meridian Union", desc: "The Union's code against unfair standard terms in consumer contracts.", url: "https://legislation.meridian.example/mcfc", domain: "legislation.meridian.example"},
	{key: "meridian-platforms-regulation", name: "Meridian Digital Platforms Regulation", short: "MDPR", juris: "Meridian Union", desc: "Duties of transparency, notice and appeal for large online platforms.", url: "https://legislation.meridian.example/mdpr", domain: "legislation.meridian.example"},
	{key: "eastmark-ai-act", name: "Eastmark Artificial Intelligence Act", short: "EAIA", juris: "Eastmark", desc: "Eastmark's risk-based rules for AI systems and general-purpose models.", url: "https://gazette.eastmark.example/ai-act", domain: "gazette.eastmark.example"},
	{key: "coastal-arbitration-act", name: "Coastal States Arbitration Act", short: "CSAA", juris: "Coastal States · Federal", desc: "The federal statute that makes written arbitration agreements enforceable.", url: "https://code.coastal.example/title-9", domain: "code.coastal.example"},
	{key: "westvale-privacy-act", name: "Westvale Online Privacy Act", short: "WOPA", juris: "Westvale · Province", desc: "A provincial law on notice, consent and sale of personal data online.", url: "https://statutes.westvale.example/wopa", domain: "statutes.westvale.example"},
}

var agencies = []law{
	{key: "northland-ic", name: "Northland Information Commissioner", short: "NIC", juris: "Northland", desc: "Enforces the Northland Data Protection Act and hears complaints about personal data.", url: "https://ic.northland.example/", complaint: "https://ic.northland.example/complain", domain: "ic.northland.example"},
	{key: "meridian-consumer-authority", name: "Meridian Consumer Authority", short: "MCA", juris: "Meridian Union", desc: "Coordinates consumer-protection enforcement across the Union.", url: "https://consumer.meridian.example/", complaint: "https://consumer.meridian.example/report", domain: "consumer.meridian.example"},
	{key: "eastmark-ai-office", name: "Eastmark AI Office", short: "EAO", juris: "Eastmark", desc: "Supervises providers of AI systems under the Eastmark AI Act.", url: "https://ai-office.eastmark.example/", domain: "ai-office.eastmark.example"},
	{key: "coastal-trade-commission", name: "Coastal Trade Commission", short: "CTC", juris: "Coastal States", desc: "The federal agency for consumer protection and fair competition.", url: "https://ctc.coastal.example/", complaint: "https://report.ctc.coastal.example/", domain: "ctc.coastal.example"},
	{key: "westvale-privacy-ombudsman", name: "Westvale Privacy Ombudsman", short: "WPO", juris: "Westvale", desc: "Investigates privacy complaints under the Westvale Online Privacy Act.", url: "https://ombudsman.westvale.example/", complaint: "https://ombudsman.westvale.example/file", domain: "ombudsman.westvale.example"},
}

type sector struct {
	key, name string
	products  []string // words that follow a platform's base name
}

var sectors = []sector{
	{"ai", "AI services", []string{"AI", "Labs", "Mind", "Assist", "Models"}},
	{"social", "Social media", []string{"Social", "Circle", "Chat", "Feed", "Hub"}},
	{"cloud", "Cloud and developer tools", []string{"Cloud", "Stack", "Deploy", "Base", "Compute"}},
	{"commerce", "Marketplaces and commerce", []string{"Market", "Shop", "Bazaar", "Trade", "Cart"}},
	{"media", "Streaming and media", []string{"Stream", "Play", "TV", "Music", "Studio"}},
	{"games", "Games", []string{"Games", "Arena", "Quest", "Play", "Worlds"}},
	{"finance", "Payments and finance", []string{"Pay", "Wallet", "Ledger", "Money", "Bank"}},
}

// Document types a platform may publish, with how often they appear. The
// first document of every platform is its terms of service.
var docTypes = []string{
	"privacy-policy", "privacy-policy", "privacy-policy",
	"acceptable-use-policy", "acceptable-use-policy",
	"developer-terms", "commercial-terms", "community-guidelines",
	"copyright-claims-policy", "trackers-policy", "service-level-agreement",
	"data-processor-agreement", "in-app-purchases-policy",
}
