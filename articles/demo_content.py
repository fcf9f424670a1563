"""Demo content written for this project (fictional stories; any resemblance is chance)."""
import datetime

SECTIONS = [("World", "world", 1), ("Politics", "politics", 2), ("Business", "business", 3),
            ("Science", "science", 4), ("Culture", "culture", 5), ("Sport", "sport", 6)]

PEOPLE = [
    ("Ines Vasquez", "ines-vasquez", "Ines covers European politics from Brussels.", None),
    ("Tomas Lindqvist", "tomas-lindqvist", "Tomas writes about energy, markets and the companies that move them.", None),
    ("Amara Okafor", "amara-okafor", "Amara is the science correspondent.", None),
    ("Jonah Becker", "jonah-becker", "Jonah reports on cycling, football and the business of sport.", "afp"),
    ("Mei Tanaka", "mei-tanaka", "Mei covers culture and cities.", None),
]

# headline, standfirst, section, bylines [(slug, role)], agencies, dateline, hours ago, tags, body
STORIES = [
    ("Harbour city votes to turn its old ferry terminal into a public library",
     "After a decade of false starts, councillors approved the plan by 31 votes to 9.",
     "politics", [("ines-vasquez", "")], [], ("Porto Velho", 0), 2, ["Urban planning", "Libraries"],
     """Councillors in the harbour city voted on Tuesday evening to convert the disused ferry terminal into the region’s largest public library, ending ten years of argument over the site.

The plan, backed by 31 votes to 9, keeps the terminal’s steel roof and its clock tower and adds a reading room over the water. Work is due to start next spring.

## A long wait

“People have waited long enough,” the deputy mayor told the chamber. “This building belongs to everyone who ever caught a boat from it.”

Opponents argued the money should go to housing. The council said the library would be paid for largely by a regional culture fund.

> The terminal will be open seven days a week, and late on Thursdays.

The council will publish the architects’ drawings next month."""),
    ("Battery maker doubles output at northern plant as orders climb",
     "The company said demand from bus and truck makers had outrun its forecasts.",
     "business", [("tomas-lindqvist", "")], ["reuters"], ("Lulea", 1), 5, ["Energy", "Manufacturing"],
     """A battery maker said on Wednesday it would double output at its northern plant after orders from bus and truck manufacturers rose faster than expected.

The company will add two production lines and hire about 400 people over the next year, its chief executive said in a statement.

## Orders

Heavy-vehicle makers accounted for more than half of new orders in the third quarter, the company said, up from a fifth a year earlier.

Analysts said the expansion would test the region’s grid, which is already stretched by new data centres."""),
    ("Astronomers find a ‘puffy’ planet lighter than candyfloss",
     "The gas giant is about the size of Jupiter but has a tenth of its mass.",
     "science", [("amara-okafor", "")], [], ("Geneva", 2), 9, ["Astronomy", "Space"],
     """Astronomers have found a planet so light for its size that it would float in a bath, if a bath big enough could be built.

The planet, which circles a small star about 1,200 light years away, is roughly as wide as Jupiter but has about a tenth of its mass, the team reported.

## Why it is so light

“It is being heated from the inside as well as by its star,” said one of the researchers. “That makes its atmosphere swell.”

The team hopes to measure the planet’s atmosphere with space telescopes next year."""),
    ("Veteran climber wins mountain stage in the rain",
     "A late attack on the final climb gave the 36-year-old his first stage win in four years.",
     "sport", [("jonah-becker", "")], ["afp"], ("Briançon", 3), 20, ["Cycling"],
     """A 36-year-old climber won the queen stage of the race on Sunday, attacking alone six kilometres from the summit finish as rain swept the mountain.

He crossed the line 41 seconds ahead of the race leader, who keeps the overall lead with one week to go.

“I told my team this morning I would try,” he said. “Nobody believed me, and that was the plan.”

## Stage result

| Rider | Team | Time |
| --- | --- | --- |
| Ruben Alcaraz | Sierra Nevada | 4h 51′ 07″ |
| Pieter van Daal | Lowlands Pro | + 41″ |
| Marco Fenoglio | Alpina | + 58″ |"""),
    ("Ministers agree to share flood-warning data across borders",
     "Six neighbouring countries will publish river gauge readings in real time.",
     "world", [("ines-vasquez", ""), ("mei-tanaka", "additional reporting")], [], ("Vienna", 4), 26,
     ["Climate", "Flooding"],
     """Environment ministers from six neighbouring countries agreed on Monday to publish river gauge readings in real time and to share flood forecasts across their borders.

The agreement follows floods last year in which warnings reached some towns downstream only hours before the water.

## What changes

Gauge readings will be published every fifteen minutes on a common website, and each country will alert its neighbours when a river passes a warning level.

The ministers will meet again in a year to review the system."""),
    ("A museum of lost umbrellas opens in a railway station",
     "More than 2,000 umbrellas left on trains are on show until the spring.",
     "culture", [("mei-tanaka", "")], [], ("Kyoto", 5), 30, ["Museums", "Railways"],
     """A railway station has turned its lost-property office into a small museum of umbrellas left behind on trains, some of them decades old.

More than 2,000 umbrellas are on show, from plastic ones bought at kiosks to a silk parasol handed in during the 1960s and never claimed.

“Every one of them is a little story,” the curator said. “Somebody got wet.”"""),
    ("Central bank holds rates, signals cut is not far off",
     "The bank said inflation was falling faster than it had expected in the summer.",
     "business", [("tomas-lindqvist", "")], [], ("Frankfurt", 6), 50, ["Economy", "Interest rates"],
     """The central bank left its main interest rate unchanged on Thursday but said a cut could come within months as inflation falls faster than expected.

Its president said the bank would watch wage growth closely before acting.

Markets moved to price in a cut by the spring."""),
]

# Not public: a scheduled story, a draft, and an embargoed one — the reader never sees them.
SCHEDULED = ("Election results to be announced at noon", "politics", 6)
DRAFT = ("Draft: council budget leaks early", "politics")
EMBARGOED = ("Medical journal study on sleep and memory", "science", 12)

CORRECTION = ("Central bank holds rates, signals cut is not far off",
              "An earlier version of this story said the decision was taken on Wednesday. It was Thursday.")

DEMO_USERS = [("editor", "editor-demo-pass", "Editors", "Elena", "Editor"),
              ("reporter", "reporter-demo-pass", "Reporters", "Ravi", "Reporter")]


def dateline_date(hours_ago, now):
    return (now - datetime.timedelta(hours=hours_ago)).date()
