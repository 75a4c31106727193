"""A dozen clearly fictional help directory entries."""

from portal.directory import listing
from portal.directory.models import HelpEntry

# (kind, region or None, languages, phone, address, website, {locale: (name, offer, hours)})
ENTRIES = [
    ("emergency", None, ["nl", "en"], "0800 000 0001", "", "",
     {"en": ("Night line (example)", "Someone to talk to when things are too much, day and night.", "24 hours"),
      "nl": ("Nachtlijn (voorbeeld)", "Iemand om mee te praten als het te veel wordt, dag en nacht.", "24 uur"),
      "ar": ("خط الليل (مثال)", "شخص تتحدث معه عندما يصبح الأمر صعباً، ليلاً ونهاراً.", "24 ساعة")}),
    ("legal", "Groningen", ["nl", "en", "ar"], "050 000 0002", "Example Street 1, Groningen", "https://legal-aid.example.org",
     {"en": ("Free Legal Desk Groningen (example)", "Free advice from lawyers about your asylum case.", "Tue and Thu 10:00-16:00"),
      "nl": ("Gratis Rechtsbalie Groningen (voorbeeld)", "Gratis advies van advocaten over je asielzaak.", "di en do 10:00-16:00"),
      "ar": ("مكتب قانوني مجاني في خرونينغن (مثال)", "استشارة مجانية من محامين حول قضية لجوئك.", "الثلاثاء والخميس 10:00-16:00")}),
    ("legal", "Antwerpen", ["nl", "fr", "en"], "03 000 00 03", "Voorbeeldlei 3, Antwerpen", "",
     {"en": ("Antwerp Refugee Law Clinic (example)", "Law students help with appeals, supervised by lawyers.", "Mon-Fri 9:00-17:00"),
      "nl": ("Rechtswinkel Vluchtelingen Antwerpen (voorbeeld)", "Rechtenstudenten helpen bij beroep, onder begeleiding.", "ma-vr 9:00-17:00")}),
    ("asylum", None, ["nl", "en", "ar", "fa", "fr"], "0800 000 0004", "", "https://asylum-info.example.org",
     {"en": ("Asylum Procedure Helpline (example)", "Explains each step of the procedure in your language, and what to bring to interviews.", "Mon-Fri 9:00-17:00"),
      "nl": ("Hulplijn Asielprocedure (voorbeeld)", "Legt elke stap van de procedure uit in jouw taal.", "ma-vr 9:00-17:00"),
      "ar": ("خط مساعدة إجراءات اللجوء (مثال)", "يشرح كل خطوة من الإجراءات بلغتك.", "الاثنين-الجمعة 9:00-17:00")}),
    ("asylum", "Drenthe", ["nl", "en", "tr"], "0592 000 005", "Voorbeeldplein 5, Assen", "",
     {"en": ("Interview Practice Group Assen (example)", "Practise telling your story before the second interview, in a safe group.", "First Tuesday of the month, 19:00"),
      "nl": ("Oefengroep Gehoor Assen (voorbeeld)", "Oefen je verhaal voor het tweede gehoor, in een veilige groep.", "Eerste dinsdag van de maand, 19:00")}),
    ("housing", "Groningen", ["nl", "en"], "050 000 0006", "Example Lane 6, Groningen", "",
     {"en": ("Home Finder Groningen (example)", "Help with finding a room once you have a residence permit.", "Wed 13:00-17:00"),
      "nl": ("Woonwijzer Groningen (voorbeeld)", "Hulp bij het vinden van een kamer als je een verblijfsvergunning hebt.", "wo 13:00-17:00")}),
    ("housing", None, ["nl", "en", "ar", "fa"], "0800 000 0007", "", "https://shelter.example.org",
     {"en": ("Rainbow Shelter Network (example)", "Emergency places to stay for LGBTIQ+ people who are not safe where they live.", "Call any time"),
      "nl": ("Regenboog Opvangnetwerk (voorbeeld)", "Noodopvang voor LHBTIQ+ mensen die niet veilig zijn waar ze wonen.", "Altijd bellen"),
      "ar": ("شبكة مأوى قوس قزح (مثال)", "أماكن إقامة طارئة لأفراد مجتمع الميم غير الآمنين حيث يعيشون.", "اتصل في أي وقت")}),
    ("health", "Groningen", ["nl", "en", "ar"], "050 000 0008", "Example Square 8, Groningen", "",
     {"en": ("Open Clinic Groningen (example)", "A doctor for people without a GP yet. No questions about papers.", "Mon, Wed, Fri 9:00-12:00"),
      "nl": ("Open Spreekuur Groningen (voorbeeld)", "Een dokter voor wie nog geen huisarts heeft. Geen vragen over papieren.", "ma, wo, vr 9:00-12:00")}),
    ("health", None, ["nl", "en"], "0800 000 0009", "", "https://sexual-health.example.org",
     {"en": ("Sexual Health Service (example)", "Free and anonymous tests for HIV and STIs, and PrEP advice.", "By appointment"),
      "nl": ("Seksuele Gezondheid (voorbeeld)", "Gratis en anonieme tests op hiv en soa, en advies over PrEP.", "Op afspraak")}),
    ("mental_health", None, ["nl", "en", "ar", "fa", "ru"], "0800 000 0010", "", "",
     {"en": ("Trauma Talk (example)", "Psychologists who know what refugees have been through. Interpreters available.", "Mon-Fri 9:00-20:00"),
      "nl": ("Traumagesprek (voorbeeld)", "Psychologen die weten wat vluchtelingen hebben meegemaakt. Tolken beschikbaar.", "ma-vr 9:00-20:00"),
      "ar": ("حديث الصدمة (مثال)", "أخصائيون نفسيون يعرفون ما مر به اللاجئون. يتوفر مترجمون.", "الاثنين-الجمعة 9:00-20:00")}),
    ("lgbtiq", "Groningen", ["nl", "en"], "", "Example Street 10, Groningen", "https://pride-north.example.org",
     {"en": ("Pride North (example)", "The local LGBTIQ+ association: social evenings, sports, a choir.", "Fri from 20:00"),
      "nl": ("Pride Noord (voorbeeld)", "De lokale LHBTIQ+ vereniging: gezellige avonden, sport, een koor.", "vr vanaf 20:00")}),
    ("lgbtiq", "Antwerpen", ["nl", "fr", "en"], "03 000 00 12", "Voorbeeldstraat 12, Antwerpen", "",
     {"en": ("Rainbow House Antwerp (example)", "A meeting place with a weekly evening for newcomers.", "Thu 18:00-22:00"),
      "nl": ("Regenbooghuis Antwerpen (voorbeeld)", "Een ontmoetingsplek met een wekelijkse avond voor nieuwkomers.", "do 18:00-22:00")}),
]


def populate(regions):
    """Add the entries once; regions is {name: Region}."""
    if HelpEntry.select().exists():
        return
    for position, (kind, region, languages, phone, address, website, texts) in enumerate(ENTRIES, start=1):
        details = {"kind": kind, "region": regions[region] if region else None, "phone": phone, "address": address,
                   "website": website, "languages": languages, "position": position}
        listing.save_entry(HelpEntry(), details, {locale: parts for locale, parts in texts.items()})
