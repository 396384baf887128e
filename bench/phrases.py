"""The corpus generator's words: names, phrases and page furniture, all written for this bench
(no real article is copied). bench/corpus.py puts them together into pages."""

COUNTY_STATES = {"FL", "MD", "VA", "NC", "GA", "TN", "KY", "WV", "AL", "SC"}
FIRST = """Alicia Marcus Dana Terrence Priya Gabriel Renee Howard Mei Jordan Lucia Omar Keisha Tomas
Bethany Victor Naomi Dwayne Carmen Elliot Farah Graham Imani Jerome Kristen Luis Monique Nathan
Odette Patrick Rosa Samuel Tanya Walter Yolanda Zachary Helen Raymond Denise Curtis""".split()
LAST = """Alvarez Brennan Castillo Delgado Ellison Foster Garza Holloway Ibarra Jennings Kowalski
Lindqvist Moreno Nakamura Okafor Pruitt Quintero Ramsey Sandoval Thibodeaux Underwood Vance
Whitaker Yazzie Zamora Abernathy Bui Chandler Dorsey Espinoza Fairbanks Greer Hargrove""".split()
ROLES = ["superintendent", "chief academic officer", "assistant superintendent for instruction",
         "school board president", "director of innovation", "deputy superintendent"]
ORGS = ["Association of Learning Leaders", "Center for Public School Progress",
        "Foundation for Classroom Futures", "National Alliance of Rural and Urban Districts",
        "Council on School System Improvement", "Institute for Teaching and Learning Design",
        "Coalition for Student-Centered Schools", "Society of District Administrators"]
PROGRAMS = ["Lighthouse District Award", "Bright Horizons Award", "Trailblazer Award for Learning Innovation",
            "Cornerstone Prize", "Keystone Honor Roll", "Districts of Excellence", "Summit Medal",
            "Pioneer Distinguished Districts Award", "Northstar Award", "Open Doors Honor"]
SITES = [
    ("Classroom Ledger", ["News", "Awards", "Leadership", "Technology", "Policy", "Podcasts", "Events"]),
    ("District Dispatch", ["Latest", "Superintendents", "Funding", "Innovation", "Opinion", "Jobs"]),
    ("The Schoolhouse Review", ["Home", "Schools", "Teachers", "Awards", "Data", "About", "Donate"]),
    ("K-12 Briefing", ["Top stories", "State news", "Edtech", "Research", "Webinars", "Subscribe"]),
    ("Education Beat Daily", ["Local", "State", "Nation", "Sports", "Obituaries", "Classifieds"]),
    ("Valley News-Sentinel", ["News", "Schools", "Business", "Sports", "Opinion", "Weather", "E-edition"]),
    ("EdLeaders Journal", ["Issues", "Columns", "Awards", "Resources", "Advertise", "Contact"]),
    ("Tri-County Herald", ["Home", "Community", "Education", "Events", "Real estate", "Letters"]),
]
COOKIE = [
    "We use cookies to improve your experience, analyse traffic and show personalised content. "
    "By continuing to browse you agree to our use of cookies.",
    "This website stores cookies on your computer. They are used to remember you and to understand "
    "how visitors use our pages. You can change your preferences at any time.",
    "Our partners and we use cookies and similar technologies for measurement and advertising. "
    "Choose Accept to consent or Manage settings to decide for yourself.",
]
MOST_READ = [
    "Board approves a four-day week pilot for rural campuses",
    "What the new state funding formula means for small districts",
    "Five questions for the teacher of the year",
    "Bus driver shortage eases as wages rise",
    "How one high school rebuilt its schedule around advisory",
    "Bond measures on the November ballot: a guide",
    "Opinion: homework policies need a rethink",
    "Summer reading programs report record turnout",
    "Cafeterias try scratch cooking with local farms",
    "Cellphone bans spread to middle schools",
]
COMMENTS = [
    "Great news for our kids! Proud of the teachers who made this happen.",
    "Would love to see the same attention paid to the bus routes.",
    "My daughter took part in this program last year and loved it.",
    "Congratulations to everyone involved.",
]

# Initiative phrases per taxonomy id; each is a noun phrase that reads after "for" or "its".
INITIATIVES = {
    "edtech": ["a one-to-one device program that puts a Chromebook in every student's hands",
               "a computer science sequence that starts in kindergarten",
               "blended learning courses that let students move between classroom and online work",
               "district-wide lessons in digital citizenship"],
    "stem": ["makerspaces in every middle school", "a K-8 robotics league with more than 60 teams",
             "an engineering pathway built with a regional manufacturer", "a STEAM night for families each spring"],
    "personalized_competency": ["competency-based grading in its high schools",
                                "personal learning plans that follow each student from grade to grade",
                                "mastery-based math courses that let students work at their own pace"],
    "career_technical": ["career pathways in health sciences and advanced manufacturing",
                         "paid internships with employers across the county",
                         "industry certifications in welding, nursing and information technology"],
    "project_based": ["project-based learning units designed by teams of teachers",
                      "hands-on field studies along the river that runs through town",
                      "inquiry-based science labs in every elementary school"],
    "social_emotional": ["a social-emotional learning curriculum taught in every grade",
                         "mental health clinicians on each campus", "daily advisory periods that build a sense of belonging"],
    "equity_at_risk": ["new supports for English learners and their families",
                       "work to close achievement gaps for students with disabilities",
                       "free tutoring for economically disadvantaged students"],
    "professional_learning": ["instructional coaches in every building",
                              "a grow-your-own teacher residency for paraprofessionals",
                              "micro-credentials that let teachers show what they have learned"],
    "leadership": ["an aspiring principals academy", "a leadership pipeline for assistant principals"],
    "community_partnerships": ["partnerships with local businesses and the community college",
                               "family engagement nights held in three languages",
                               "a school-based health clinic run with the county"],
    "curriculum_instruction": ["an early literacy push built on phonics and daily reading",
                               "dual enrollment courses that let seniors earn college credit",
                               "wider access to Advanced Placement classes"],
    "language_immersion": ["a dual-language immersion program in Spanish and English",
                           "world language classes that begin in first grade"],
    "assessment_accountability": ["a portrait of a graduate that shapes every course",
                                  "a public data dashboard that tracks progress school by school"],
    "school_design": ["a lab school run with the state university", "redesigned learning spaces in older buildings",
                      "multiage classrooms in its elementary schools"],
}

LEADS = [
    "{name} in {city}, {place} has been named a recipient of the {year} {program} for {init}.",
    "The {org} has selected {name} of {city}, {place} for this year's {program}, citing {init}.",
    "{name} was honored this week with the {program}, given by the {org} in recognition of {init}.",
    "For {init}, {name} in {city}, {place} will receive the {year} {program}.",
    "Judges for the {year} {program} picked {name} ({city}, {st}) out of more than {pool} applicants, "
    "pointing to {init}.",
    "A district that bet early on {init} is among the winners of the {program}: {name} in {city}, {place}.",
]
FACTS = [
    "The district serves about {enroll} students in {schools} schools.",
    "{short} enrolls roughly {enroll} students across {schools} schools, from preschool through grade 12.",
    "With {enroll} students, the district operates {schools} schools spread over {sqmi} square miles.",
    "Home to {enroll} students, {short} runs {schools} schools and employs about {staff} teachers.",
    "The system of {enroll} students has {schools} schools, {hs} of them high schools.",
]
DETAILS = [
    "The work began {k} years ago with a pilot at two campuses. Teachers asked for more time to plan "
    "together, and the district rebuilt its calendar to give them a half day every other week.",
    "Leaders say the turning point came when principals started visiting one another's buildings and "
    "sharing what worked instead of waiting for a mandate from the central office.",
    "A committee of parents, students and staff spent a year studying what graduates needed and then "
    "wrote the plan the board adopted in {y0}.",
    "Money was tight, so the district paid for the first phase with a state innovation grant and "
    "moved funds from textbook adoption once the results were clear.",
    "Not every step went smoothly. An early version of the schedule left little room for electives, and "
    "students said so at a board meeting; the plan was revised the following spring.",
    "Attendance at the summer sessions doubled between {y0} and {y1}, and the waiting list for the "
    "evening classes now runs to several hundred names.",
    "Graduation rates have climbed from {g0} percent to {g1} percent since {y0}, and chronic absenteeism "
    "fell by about a third over the same period.",
    "Teachers in the program meet in small teams each week to look at student work and decide what to "
    "reteach, a habit the district credits for much of its progress.",
    "Principals now spend the first hour of each morning in classrooms rather than in their offices, a "
    "change that took some getting used to. Several said the visits gave them a clearer picture of what "
    "students were actually asked to do, and a better sense of where teachers needed help.",
    "The district surveyed every family in {y0} and again in {y1}. The share of parents who said their "
    "child was known well by at least one adult at school rose by {k} points, the largest gain of any "
    "question on the survey.",
    "Students had a hand in the design from the start. A group of high school juniors sat on the planning "
    "committee, interviewed younger students about what made school feel worthwhile, and presented their "
    "findings to the board in a packed meeting that ran well past midnight.",
    "Rural distances shaped the plan. Some students ride a bus for more than an hour each way, so the "
    "district moved tutoring into the school day instead of offering it after the final bell, when few "
    "could stay.",
    "Outside evaluators from a regional university followed two groups of students for three years and "
    "found steady gains in reading and math, with the largest improvements among students who had "
    "started furthest behind.",
    "The board kept the effort going through two changes of superintendent, which observers say is rare. "
    "Members wrote the goals into the district's strategic plan so they would outlast any one leader.",
]
PROGRAM_ABOUT = [
    "The {program} is given each year by the {org} to districts that can show sustained results over at "
    "least three years. Applicants submit data, a written narrative and letters from community members, "
    "and finalists host a site visit from a panel of former educators.",
    "Now in its {k}th year, the {program} has recognized districts of every size, from one-school rural "
    "systems to some of the largest urban districts in the country. Judges look for ideas that other "
    "districts could adapt, not only for the best test scores.",
    "Honorees of the {program} are chosen by a panel of teachers, principals, researchers and parents. "
    "The {org} says the panel weighs how many students a program reaches and how the district knows it "
    "is working.",
]
ALSO = [
    "The application also highlighted {init}.",
    "Reviewers singled out {init} as a model other districts could borrow.",
    "The district has also invested in {init}.",
    "Alongside that effort, {short} has expanded {init}.",
]
QUOTES = [
    "This recognition belongs to our teachers, who took a risk and kept at it when it was hard.",
    "We wanted every student to leave us with a plan and the skills to carry it out.",
    "Our families told us what they needed, and we listened. That is the whole story.",
    "It is nice to be noticed, but the real reward is watching students light up in class.",
    "We are not done. The next step is making sure every school gets the same results.",
]
QUOTE_FORMS = [
    "“{quote}” said {person}, {role} of {short}.",
    "“{quote}” {person}, the district's {role}, said in a statement.",
    "{person}, {role}, put it simply: “{quote}”",
]
CLOSES = [
    "The award will be presented at the {org}'s annual conference in {month}.",
    "Winners receive a grant of ${grant} and will share their work at a national summit in {month}.",
    "The {org} will profile each honoree in a series of case studies to be published this {season}.",
    "Applications for next year's {program} open in {month}.",
]
ROUNDUP_INTROS = [
    "The {org} on {weekday} named {count} school districts as winners of the {year} {program}.",
    "{count} districts from across the country have earned the {year} {program}, the {org} announced.",
    "This year's {program} goes to {count} school systems that judges said showed what steady, "
    "patient improvement looks like.",
]
ROUNDUP_ENTRIES = [
    "{name}, {city}, {st}; approximately {enroll} students. Recognized for {init}.",
    "{name} ({city}, {place}) serves about {enroll} students in {schools} schools and was cited for {init}.",
    "{name} in {city}, {place}: {init}.",
]
ROUNDUP_SECTION = [
    "{short} in {city}, {place} serves {enroll} students in {schools} schools. Judges praised {init}.",
    "At {name}, which enrolls about {enroll} students, the focus has been {init}. {detail}",
    "{name} of {city}, {place} was honored for {init}. The district has {schools} schools.",
]
PRESS_LEADS = [
    "{city_up}, {st} ({month} {day}, {year}) — {name} today announced that it has received the "
    "{program} from the {org} for {init}.",
    "{city_up}, {place} — {name} is one of this year's recipients of the {program}, the {org} said "
    "{weekday}, recognizing {init}.",
]
PRESS_ABOUT = [
    "{name} is home to {enroll} students in {schools} schools in and around {city}, {place}. "
    "The district's mission is to prepare every learner for college, career and community life.",
    "Serving about {enroll} students, {name} operates {schools} schools and is one of the largest "
    "employers in {county}.",
]
HEADLINES = [
    "{short} wins {program}", "{program} goes to {short}", "{count} districts earn {year} {program}",
    "{city} schools recognized for {topic}", "How {short} earned a national honor",
    "{short} among {program} honorees", "{org} names {year} winners",
]
TOPICS = {"edtech": "technology", "stem": "STEM", "personalized_competency": "personalized learning",
          "career_technical": "career education", "project_based": "project-based learning",
          "social_emotional": "student well-being", "equity_at_risk": "equity work",
          "professional_learning": "teacher growth", "leadership": "leadership", "community_partnerships":
          "community partnerships", "curriculum_instruction": "academics", "language_immersion":
          "dual-language programs", "assessment_accountability": "data use", "school_design": "new school models"}
SITEMAP = [
    ("Sections", ["News", "Awards", "Leadership", "Technology", "Policy", "Opinion", "Obituaries"]),
    ("Services", ["Subscribe", "Manage account", "Newsletters", "E-edition", "Archives", "Reprints"]),
    ("Company", ["About us", "Staff directory", "Careers", "Ethics policy", "Corrections", "Contact"]),
    ("Follow us", ["Facebook", "Instagram", "LinkedIn", "YouTube", "RSS feeds", "Podcasts"]),
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
