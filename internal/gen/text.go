package gen

import (
	"strconv"
	"strings"
)

// Text is grown from word lists through sentence templates. Each template
// is a sentence with {slot}s; a slot draws a fresh word or phrase each
// time, or names the record being written. The lists are long enough that
// two clauses rarely read alike, so compression and search see text with a
// real vocabulary rather than one repeated page.

var (
	wUsers = []string{"users", "account holders", "customers", "members", "subscribers", "end users",
		"creators", "developers", "buyers", "sellers", "business customers", "visitors", "players", "listeners"}
	wModal = []string{"may", "reserves the right to", "can", "is allowed to", "keeps the power to", "retains the option to"}
	wAct   = []string{"suspend accounts", "change these terms", "share personal data with partners",
		"retain uploaded content", "use submitted material to improve its services", "terminate access",
		"disclose account information", "adjust prices", "remove content", "monitor communications",
		"analyse usage patterns", "transfer data across borders", "limit features", "reclaim usernames",
		"charge renewal fees", "train models on user inputs", "delete inactive accounts",
		"combine data from other sources", "show a user's name in promotions", "cancel unused credits",
		"route disputes to arbitration", "keep logs of every session", "review conversations by hand",
		"license content to third parties"}
	wCond = []string{"at its sole discretion", "without prior notice", "for any reason or no reason",
		"where permitted by law", "after giving thirty days' notice", "if it suspects a breach",
		"when required by a lawful request", "to the extent technically feasible", "unless the user opts out",
		"on a best-efforts basis", "as it considers reasonable", "after a short review", "once a complaint is received",
		"with or without cause", "subject to applicable law", "whenever it updates its systems"}
	wData = []string{"contact details", "device identifiers", "precise location", "payment information",
		"voice recordings", "uploaded files", "browsing activity", "inferred interests", "usage logs",
		"profile photos", "private messages", "prompts and outputs", "purchase history", "biometric templates",
		"address books", "support tickets", "camera roll metadata", "social graph data", "search queries"}
	wTime = []string{"within 30 days", "for up to 180 days", "indefinitely", "for as long as the account is active",
		"for three years after closure", "until the user asks for deletion", "for a period it decides",
		"for twelve months", "for ninety days after the request", "until the end of the billing period",
		"for the time the law requires"}
	wEffect = []string{"loses access to purchased content", "cannot bring a claim in court", "has limited recourse",
		"must act quickly to opt out", "may be bound by changes they never read", "bears the cost of disputes",
		"cannot recover data after closure", "may see their work reused commercially",
		"has little control over where data travels", "pays for renewals they did not expect",
		"is exposed to decisions no person reviewed", "carries risks the service has disclaimed",
		"must litigate far from home", "gives up rights that consumer law would otherwise keep"}
	wEffectPl = []string{"lose access to purchased content", "cannot bring a claim in court", "have limited recourse",
		"must act quickly to opt out", "may be bound by changes they never read", "bear the cost of disputes",
		"cannot recover data after closure", "may see their work reused commercially",
		"have little control over where data travels", "pay for renewals they did not expect",
		"are exposed to decisions no person reviewed", "carry risks the service has disclaimed",
		"must litigate far from home", "give up rights that consumer law would otherwise keep"}
	wStake = []string{"researchers", "small businesses", "journalists", "parents", "independent creators",
		"regulators", "consumer groups", "privacy advocates", "enterprise buyers", "teachers", "app developers",
		"freelancers", "moderators"}
	wAdj = []string{"broad", "narrow", "unusual", "common", "vague", "one-sided", "standard", "aggressive",
		"carefully limited", "open-ended", "ambiguous", "strict", "lenient", "dense", "generous"}
	wCmp = []string{"most peers in the sector", "the median platform in the atlas", "older versions of the same document",
		"similar services", "industry templates", "the previous edition of these terms", "larger competitors"}
	wBan = []string{"develop competing products", "scrape or harvest data", "reverse engineer the models",
		"circumvent rate limits", "resell access", "impersonate others", "generate misleading content",
		"train another machine learning system", "benchmark the service publicly", "automate account creation"}
	wBold = []string{"notice", "consent", "the opt-out window", "retention", "the scope of the licence",
		"the liability cap", "unilateral change", "automated review", "jurisdiction", "the refund rule",
		"sublicensing", "data minimisation", "the appeal process", "proportionality", "the cure period"}
	wLabel = []string{"Scope", "Trigger", "Notice", "Remedy", "Exceptions", "Duration", "Who is bound",
		"Opt-out", "Enforcement", "Evidence", "Carve-outs", "Costs"}
	wTopic = []string{"appeals", "notice-periods", "data-requests", "fair-terms", "automated-decisions",
		"cross-border", "children", "renewals", "moderation", "retention"}
	wNum   = []string{"7", "14", "30", "45", "60", "90", "180", "365"}
	wOrd   = []string{"first", "second", "third", "fourth", "fifth", "final"}
	wPlace = []string{"Northland", "Eastmark", "Westvale", "the Meridian Union", "the Coastal States"}
)

type piece struct {
	lit  string
	slot func(g *gen, dst []byte) []byte
}

type tmpl []piece

// slots maps a {name} to what it draws.
var slots = map[string]func(g *gen, dst []byte) []byte{
	"P":       func(g *gen, dst []byte) []byte { return append(dst, g.plat.name...) },
	"D":       func(g *gen, dst []byte) []byte { return append(dst, g.doc.title...) },
	"DT":      func(g *gen, dst []byte) []byte { return append(dst, g.doc.typeLower...) },
	"T":       func(g *gen, dst []byte) []byte { return append(dst, typeLower[g.ct]...) },
	"C":       func(g *gen, dst []byte) []byte { return append(dst, catLower[g.ctCat]...) },
	"users":   func(g *gen, dst []byte) []byte { return append(dst, g.pick(wUsers)...) },
	"modal":   func(g *gen, dst []byte) []byte { return append(dst, g.pick(wModal)...) },
	"act":     func(g *gen, dst []byte) []byte { return append(dst, g.pick(wAct)...) },
	"cond":    func(g *gen, dst []byte) []byte { return append(dst, g.pick(wCond)...) },
	"data":    func(g *gen, dst []byte) []byte { return append(dst, g.pick(wData)...) },
	"time":    func(g *gen, dst []byte) []byte { return append(dst, g.pick(wTime)...) },
	"effect":  func(g *gen, dst []byte) []byte { return append(dst, g.pick(wEffect)...) },
	"effects": func(g *gen, dst []byte) []byte { return append(dst, g.pick(wEffectPl)...) },
	"stake":   func(g *gen, dst []byte) []byte { return append(dst, g.pick(wStake)...) },
	"adj":     func(g *gen, dst []byte) []byte { return append(dst, g.pick(wAdj)...) },
	"cmp":     func(g *gen, dst []byte) []byte { return append(dst, g.pick(wCmp)...) },
	"ban":     func(g *gen, dst []byte) []byte { return append(dst, g.pick(wBan)...) },
	"num":     func(g *gen, dst []byte) []byte { return append(dst, g.pick(wNum)...) },
	"ord":     func(g *gen, dst []byte) []byte { return append(dst, g.pick(wOrd)...) },
	"reg":     func(g *gen, dst []byte) []byte { return append(dst, regulations[g.reg].name...) },
	"regs":    func(g *gen, dst []byte) []byte { return append(dst, regulations[g.reg].short...) },
	"ag":      func(g *gen, dst []byte) []byte { return append(dst, agencies[g.ag].name...) },
	"ags":     func(g *gen, dst []byte) []byte { return append(dst, agencies[g.ag].short...) },
	"place":   func(g *gen, dst []byte) []byte { return append(dst, g.pick(wPlace)...) },
	"this":    func(g *gen, dst []byte) []byte { return append(dst, g.doc.this...) },
	"aadj": func(g *gen, dst []byte) []byte {
		a := g.pick(wAdj)
		if strings.IndexByte("aeiou", a[0]) >= 0 && !strings.HasPrefix(a, "one") {
			dst = append(dst, "an "...)
		} else {
			dst = append(dst, "a "...)
		}
		return append(dst, a...)
	},
	"year": func(g *gen, dst []byte) []byte { return strconv.AppendInt(dst, int64(2019+g.r.IntN(8)), 10) },
	// Markdown-only slots: emphasis, links out and permalinks to records
	// that exist (the check stage rejects a /id/ link to nothing).
	"B": func(g *gen, dst []byte) []byte {
		dst = append(dst, "**"...)
		dst = append(dst, g.pick(wBold)...)
		return append(dst, "**"...)
	},
	"RL": func(g *gen, dst []byte) []byte {
		l := &regulations[g.reg]
		dst = append(dst, "[the "...)
		dst = append(dst, l.name...)
		dst = append(dst, "]("...)
		dst = append(dst, l.url...)
		return append(dst, ')')
	},
	"AL": func(g *gen, dst []byte) []byte {
		a := &agencies[g.ag]
		dst = append(dst, "[guidance](https://"...)
		dst = append(dst, a.domain...)
		dst = append(dst, "/guidance/"...)
		dst = append(dst, g.pick(wTopic)...)
		return append(dst, ')')
	},
	"HL": func(g *gen, dst []byte) []byte {
		dst = append(dst, "[help pages](https://help."...)
		dst = append(dst, g.plat.slug...)
		dst = append(dst, ".example/"...)
		dst = append(dst, g.pick(wTopic)...)
		return append(dst, ')')
	},
	"DL": func(g *gen, dst []byte) []byte {
		dst = append(dst, '[')
		dst = append(dst, g.doc.title...)
		dst = append(dst, "](/id/"...)
		dst = append(dst, g.doc.id...)
		return append(dst, "/)"...)
	},
	"PL": func(g *gen, dst []byte) []byte {
		dst = append(dst, "[the "...)
		dst = append(dst, g.plat.name...)
		dst = append(dst, " record](/id/"...)
		dst = append(dst, g.plat.id...)
		return append(dst, "/)"...)
	},
	"XL": func(g *gen, dst []byte) []byte {
		// Any clause number up to the total exists: clause IDs are dense.
		dst = append(dst, "[a related clause](/id/"...)
		dst = appendID(dst, "CA-P-", 1+g.r.IntN(g.totalClauses), 6)
		return append(dst, "/)"...)
	},
	"OL": func(g *gen, dst []byte) []byte {
		dst = append(dst, "[another platform](/id/"...)
		dst = appendID(dst, "CA-E-", 1+g.r.IntN(g.o.Platforms), 5)
		return append(dst, "/)"...)
	},
}

// compile parses templates written with {slot}s.
func compile(srcs ...string) []tmpl {
	if len(srcs) > 64 {
		panic("gen: more templates than fresh can track")
	}
	out := make([]tmpl, 0, len(srcs))
	for _, s := range srcs {
		var t tmpl
		for s != "" {
			i := strings.IndexByte(s, '{')
			if i < 0 {
				t = append(t, piece{lit: s})
				break
			}
			if i > 0 {
				t = append(t, piece{lit: s[:i]})
			}
			j := strings.IndexByte(s[i:], '}')
			name := s[i+1 : i+j]
			f, ok := slots[name]
			if !ok {
				panic("gen: unknown slot {" + name + "}")
			}
			t = append(t, piece{slot: f})
			s = s[i+j+1:]
		}
		out = append(out, t)
	}
	return out
}

var (
	tQuote = compile(
		"To the maximum extent permitted by applicable law, {P} {modal} {act} {cond}.",
		"You acknowledge that {P} may collect {data} and keep it {time}.",
		"Except as expressly set out in {this}, you agree that {P} {modal} {act}.",
		"You grant {P} a worldwide, non-exclusive, royalty-free licence to use, reproduce, adapt and display any content you submit, {cond}.",
		"Any dispute arising out of or relating to {this} shall be resolved by binding arbitration, and you waive any right to take part in a class or representative action.",
		"{P} shall not be liable for any indirect, incidental, special or consequential damages, including loss of {data}, even if advised of their possibility.",
		"We may update {this} from time to time, and your continued use of the services after the effective date constitutes acceptance of the changes.",
		"If you do not cancel before the end of the current billing period, your subscription will renew automatically at the then-current price.",
		"You must not use the services or any output to {ban}, {cond}.",
		"Where required, we will notify you at least {num} days before any material change affecting {data}.",
		"Nothing in this section limits your rights under mandatory consumer protection law in your country of residence.",
		"We may share {data} with our affiliates and service providers, who process that data on our behalf {time}.",
		"Accounts that remain inactive for {num} months may be closed, and associated {data} deleted without further notice.",
		"Your total liability and our aggregate liability under {this} shall not exceed the fees paid in the {num} days before the claim.",
		"You agree to indemnify and hold harmless {P}, its affiliates and their officers from any claim arising from your use of the services.",
		"{P} may suspend or terminate your access {cond} if it believes you have breached {this}.",
	)
	tSummary = compile(
		"{P} {modal} {act} {cond}, which means {users} {effects}.",
		"This clause covers {T}: {P} {modal} {act} {cond}.",
		"Under the {DT}, {P} {modal} {act}, and the wording is {adj}.",
		"It applies to {data}, which {P} keeps {time}.",
		"Compared with {cmp}, the rule is {adj}.",
		"In practice, {users} {effects} unless they opt out in time.",
		"The text names {data} and {data} as covered, but does not say how either is protected.",
		"A user who disagrees has one real option: stop using {P} and close the account.",
		"The clause sits in the {ord} part of the {DT} and is easy to miss.",
	)
	tWhy = compile(
		"{stake} rely on predictable terms, and {aadj} rule on {T} shifts risk onto {users}.",
		"Because {P} {modal} {act} {cond}, {users} {effects}.",
		"The clause touches {data}, which the {regs} treats as protected in many cases.",
		"Few {users} read this part of the {DT}, yet it decides what happens to {data}.",
		"It sets the default for {T} across every plan {P} sells.",
		"Compared with {cmp}, it gives {P} more room than it needs.",
	)
	tImpact = compile(
		"{users} {effects}.",
		"Before agreeing, {users} should check whether they can opt out of {T}.",
		"If you rely on {P} for work, keep your own copies of {data}.",
		"A complaint to the {ags} is possible but slow.",
		"The practical effect is that {users} {effects} when something goes wrong.",
		"Keep records of {data} and of any notice {P} sends.",
	)
	tNote = compile(
		"The clause does not define {data}, so its reach is uncertain.",
		"It is unclear whether {cond} limits the power or only describes it.",
		"The wording here is {adj}, and courts in {place} have read such wording narrowly.",
		"Two readings are possible: {aadj} one and {aadj} one.",
	)
	tPara = compile(
		"Under {RL}, {aadj} clause on {T} may be reviewed for fairness, and {B} is the point most likely to draw scrutiny.",
		"{DL} has carried this wording since it was first tracked; {PL} lists the platform's other provisions.",
		"A similar provision appears in {XL}, where the wording is {adj}.",
		"The {ags} has published {AL} that bears directly on {T}.",
		"{B} remains unclear: the text does not say whether {users} are told before {P} acts.",
		"Read with the rest of the {DT}, the clause lets {P} {act} {cond}.",
		"For {stake}, the exposure is mostly about {data} kept {time}.",
		"{P} explains the process in its {HL}, which are not part of the contract and may change without notice.",
		"Compared with {cmp}, this is {aadj} approach to {T}.",
		"The {year} revision added the words about {data} and removed an exception for {users}.",
		"Regulators in {place} have treated terms like this as {adj} when they are not negotiated.",
		"See also {OL}, whose terms take {aadj} line on {T}.",
		"The scope turns on {B}, and on whether the {regs} treats {data} as personal data.",
	)
	tBullet = compile(
		"The clause reaches {data} and {data}.",
		"{P} {modal} {act} {cond}.",
		"{users} {effects}.",
		"Notice is given {time}, if at all.",
		"The {regs} may require {B} before the power is used.",
		"Compare {XL}.",
		"The wording is {adj} compared with {cmp}.",
		"Complaints go to the {ags}; see its {AL}.",
	)
	tTodo = compile(
		"Export {data} before relying on the service for anything important.",
		"Set a reminder {num} days from now to review the settings for {T}.",
		"If the clause was applied to you, ask {P} for the reasons in writing.",
		"File a complaint with the {ags} if {P} does not answer.",
		"Read {DL} in full before upgrading to a paid plan.",
		"Check whether the opt-out applies to {data}.",
	)
	tChange = compile(
		"Adds a rule on {T}.",
		"Narrows the scope of the section on {data}.",
		"Rewords the clause about {T} without changing its effect.",
		"Extends the notice period to {num} days.",
		"Removes the exception for {users}.",
		"Adds {data} to the list of data collected.",
		"Moves the section on {T} to the {ord} part of the document.",
	)
	tTitleTail = compile(
		"for {users}", "covering {data}", "after account closure", "in paid plans", "for business accounts",
		"in the {DT}", "{cond}", "for {data}", "on the free tier", "for minors", "in {place}",
	)
	headings = []string{"Regulatory landscape", "Exposure", "Jurisdiction", "How it compares",
		"Drafting history", "Open questions", "Who is affected", "Enforcement"}
)

// typeLower and catLower are the names as they read mid-sentence.
var typeLower, catLower = func() ([]string, []string) {
	t := make([]string, len(clauseTypes))
	for i, ct := range clauseTypes {
		t[i] = strings.ToLower(ct.name)
	}
	c := make([]string, len(categories))
	for i, x := range categories {
		c[i] = strings.ToLower(x.name)
	}
	return t, c
}()

// sentence appends one expansion of t with its first letter capitalised
// (after any opening ** or [).
func (g *gen) sentence(dst []byte, t tmpl) []byte {
	start := len(dst)
	for _, p := range t {
		if p.slot != nil {
			dst = p.slot(g, dst)
		} else {
			dst = append(dst, p.lit...)
		}
	}
	for i := start; i < len(dst) && (dst[i] == '*' || dst[i] == '['); i++ {
		if i+1 < len(dst) && dst[i+1] >= 'a' && dst[i+1] <= 'z' {
			dst[i+1] -= 'a' - 'A'
		}
	}
	if start < len(dst) && dst[start] >= 'a' && dst[start] <= 'z' {
		dst[start] -= 'a' - 'A'
	}
	return dst
}

// fresh draws an index below n that used does not hold yet, and marks it,
// so a field never says the same thing twice until it has said everything.
func (g *gen) fresh(n int, used *uint64) int {
	if *used == 1<<n-1 {
		*used = 0
	}
	i := g.r.IntN(n)
	for *used&(1<<i) != 0 {
		i = (i + 1) % n
	}
	*used |= 1 << i
	return i
}

// prose appends sentences drawn from ts until at least n bytes were added.
func (g *gen) prose(dst []byte, ts []tmpl, n int, used *uint64) []byte {
	start := len(dst)
	for len(dst)-start < n {
		if len(dst) > start {
			dst = append(dst, ' ')
		}
		dst = g.sentence(dst, ts[g.fresh(len(ts), used)])
	}
	return dst
}

// text appends one plain-text field of about n bytes.
func (g *gen) text(dst []byte, ts []tmpl, n int) []byte {
	var used uint64
	return g.prose(dst, ts, n, &used)
}

// analysis appends about n bytes of Markdown: a lead paragraph, then
// sections under ### headings with paragraphs, bullet lists and sometimes a
// table, ending with a numbered "What to do" list.
func (g *gen) analysis(dst []byte, n int) []byte {
	start := len(dst)
	var paras, bullets, labels, todos uint64
	dst = g.prose(dst, tPara, 200+g.r.IntN(200), &paras)
	dst = append(dst, "\n\n"...)
	hs := g.r.Perm(len(headings))
	for k := 0; len(dst)-start < n-400 && k < len(hs); k++ {
		dst = append(dst, "### "...)
		dst = append(dst, headings[hs[k]]...)
		dst = append(dst, "\n\n"...)
		dst = g.prose(dst, tPara, 150+g.r.IntN(250), &paras)
		dst = append(dst, "\n\n"...)
		switch g.r.IntN(4) {
		case 0, 1:
			labels = 0
			for i, m := 0, 2+g.r.IntN(3); i < m; i++ {
				dst = append(dst, "- **"...)
				dst = append(dst, wLabel[g.fresh(len(wLabel), &labels)]...)
				dst = append(dst, ":** "...)
				dst = g.sentence(dst, tBullet[g.fresh(len(tBullet), &bullets)])
				dst = append(dst, '\n')
			}
			dst = append(dst, '\n')
		case 2:
			if g.r.IntN(2) == 0 {
				dst = g.table(dst)
			}
		}
	}
	dst = append(dst, "### What to do\n\n"...)
	for i, m := 0, 2+g.r.IntN(3); i < m; i++ {
		dst = strconv.AppendInt(dst, int64(i+1), 10)
		dst = append(dst, ". "...)
		dst = g.sentence(dst, tTodo[g.fresh(len(tTodo), &todos)])
		dst = append(dst, '\n')
	}
	return dst
}

func (g *gen) table(dst []byte) []byte {
	dst = append(dst, "| Aspect | "...)
	dst = append(dst, g.plat.name...)
	dst = append(dst, " | Typical peer |\n| --- | --- | --- |\n"...)
	for i, m := 0, 2+g.r.IntN(3); i < m; i++ {
		dst = append(dst, "| "...)
		dst = append(dst, g.pick(wLabel)...)
		dst = append(dst, " | "...)
		dst = append(dst, g.pick(wAdj)...)
		dst = append(dst, " | "...)
		dst = append(dst, g.pick(wAdj)...)
		dst = append(dst, " |\n"...)
	}
	return append(dst, '\n')
}

// appendSlug appends the slug of a title: lower-case ASCII letters and
// digits, every other run of characters becoming one hyphen, cut at a word
// boundary so URLs stay readable.
func appendSlug(dst []byte, title []byte, max int) []byte {
	start := len(dst)
	for _, c := range title {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			dst = append(dst, c)
		case c >= 'A' && c <= 'Z':
			dst = append(dst, c+'a'-'A')
		case len(dst) > start && dst[len(dst)-1] != '-':
			dst = append(dst, '-')
		}
	}
	if len(dst)-start > max {
		cut := start + max
		for cut > start && dst[cut] != '-' {
			cut--
		}
		if cut == start {
			cut = start + max
		}
		dst = dst[:cut]
	}
	for len(dst) > start && dst[len(dst)-1] == '-' {
		dst = dst[:len(dst)-1]
	}
	return dst
}
