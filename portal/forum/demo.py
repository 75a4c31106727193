"""Demo forum content: categories in every shipped language, lively threads, a queue to moderate."""

from portal.db import transaction
from portal.forum import counters, moderating, posting
from portal.forum.models import Category, CategoryText, Post, Thread

CATEGORIES = [
    ("welcome", {"en": ("Welcome", "Say hello and get to know each other."),
                 "nl": ("Welkom", "Zeg hallo en leer elkaar kennen."),
                 "ar": ("أهلاً وسهلاً", "قل مرحباً وتعرّف على الآخرين."),
                "fa": ('خوش آمدید', 'سلام کنید و با یکدیگر آشنا شوید.'),
                "fr": ('Bienvenue', 'Dites bonjour et faites connaissance.'),
                "ru": ('Добро пожаловать', 'Поздоровайтесь и познакомьтесь друг с другом.'),
                "tr": ('Hoş geldiniz', 'Merhaba deyin ve birbirinizi tanıyın.'),
                "es": ('Bienvenida', 'Saluda y conoce a los demás.')}),
    ("asylum-procedure", {"en": ("Asylum procedure", "Interviews, lawyers, papers: ask and share experiences."),
                          "nl": ("Asielprocedure", "Gehoren, advocaten, papieren: vraag en deel ervaringen."),
                          "ar": ("إجراءات اللجوء", "المقابلات والمحامون والأوراق: اسأل وشارك تجاربك."),
                         "fa": ('روند پناهندگی', 'مصاحبه\u200cها، وکیل\u200cها، مدارک: بپرسید و تجربه\u200cهایتان را به اشتراک بگذارید.'),
                         "fr": ("Procédure d'asile", 'Entretiens, avocats, papiers : posez vos questions et partagez vos expériences.'),
                         "ru": ('Процедура убежища', 'Интервью, адвокаты, документы: спрашивайте и делитесь опытом.'),
                         "tr": ('İltica süreci', 'Mülakatlar, avukatlar, belgeler: sorun ve deneyimlerinizi paylaşın.'),
                         "es": ('Procedimiento de asilo', 'Entrevistas, abogados, papeles: pregunta y comparte experiencias.')}),
    ("housing-and-work", {"en": ("Housing and work", "Finding a home, a job, a course."),
                          "nl": ("Wonen en werk", "Een huis, een baan, een opleiding vinden."),
                          "ar": ("السكن والعمل", "إيجاد سكن أو عمل أو دورة تعليمية."),
                         "fa": ('مسکن و کار', 'پیدا کردن خانه، کار یا دوره آموزشی.'),
                         "fr": ('Logement et travail', 'Trouver un logement, un emploi, une formation.'),
                         "ru": ('Жильё и работа', 'Найти жильё, работу, курсы.'),
                         "tr": ('Barınma ve iş', 'Ev, iş veya kurs bulmak.'),
                         "es": ('Vivienda y trabajo', 'Encontrar casa, trabajo o un curso.')}),
    ("health", {"en": ("Health and well-being", "Doctors, mental health, sleeping badly, feeling better."),
                "nl": ("Gezondheid en welzijn", "Dokters, mentale gezondheid, slecht slapen, je beter voelen."),
                "ar": ("الصحة والعافية", "الأطباء والصحة النفسية وقلة النوم والشعور بالتحسن."),
               "fa": ('سلامت و آرامش', 'پزشک، سلامت روان، بی\u200cخوابی، حال بهتر.'),
               "fr": ('Santé et bien-être', 'Médecins, santé mentale, mal dormir, aller mieux.'),
               "ru": ('Здоровье и самочувствие', 'Врачи, психическое здоровье, плохой сон, как стать лучше.'),
               "tr": ('Sağlık ve iyi oluş', 'Doktorlar, ruh sağlığı, kötü uyku, daha iyi hissetmek.'),
               "es": ('Salud y bienestar', 'Médicos, salud mental, dormir mal, sentirse mejor.')}),
    ("meetups-and-social", {"en": ("Meet-ups and social", "Plans, evenings out, sports, cooking together."),
                            "nl": ("Bijeenkomsten en gezelligheid", "Plannen, avondjes uit, sport, samen koken."),
                            "ar": ("لقاءات وأنشطة اجتماعية", "خطط وسهرات ورياضة وطبخ معاً."),
                           "fa": ('دیدارها و معاشرت', 'برنامه\u200cها، بیرون رفتن، ورزش، آشپزی با هم.'),
                           "fr": ('Rencontres et sorties', 'Projets, soirées, sport, cuisiner ensemble.'),
                           "ru": ('Встречи и общение', 'Планы, вечера, спорт, готовим вместе.'),
                           "tr": ('Buluşmalar ve sosyal', 'Planlar, akşam etkinlikleri, spor, birlikte yemek.'),
                           "es": ('Encuentros y ocio', 'Planes, salidas, deporte, cocinar juntos.')}),
    ("off-topic", {"en": ("Off-topic", "Music, films, jokes and everything else."),
                   "nl": ("Overig", "Muziek, films, grapjes en al het andere."),
                   "ar": ("مواضيع أخرى", "موسيقى وأفلام ونكات وكل شيء آخر."),
                  "fa": ('موضوعات دیگر', 'موسیقی، فیلم، شوخی و هر چیز دیگر.'),
                  "fr": ('Hors sujet', 'Musique, films, blagues et tout le reste.'),
                  "ru": ('Разное', 'Музыка, фильмы, шутки и всё остальное.'),
                  "tr": ('Diğer konular', 'Müzik, filmler, şakalar ve diğer her şey.'),
                  "es": ('Otros temas', 'Música, películas, bromas y todo lo demás.')}),
]

# (category, author, title, body, [(replier, reply)])
THREADS = [
    ("welcome", "demo-moderator", "Welcome! Read this first",
     "Welcome to the community. A few tips:\n\n- Use your pseudonym, never your real name.\n"
     "- Press **Shift three times** to leave the site quickly.\n- Questions? Ask here, or @demo-moderator.",
     [("demo-member", "Thank you, I am happy to be here. I arrived three weeks ago."),
      ("demo-buddy", "Welcome @demo-member! If you want someone to talk to, ask for a buddy.")]),
    ("asylum-procedure", "demo-member", "How do I prepare for the second interview?",
     "My second interview is next month. I am afraid to talk about my life in front of the interpreter. "
     "How did you prepare?",
     [("demo-buddy", "You can ask for an interpreter and officer of the gender you prefer. Tell your lawyer "
                     "**before** the interview."),
      ("demo-organiser", "We hold a practice evening every first Tuesday. It helps to tell your story out loud "
                         "once, in a safe place."),
      ("demo-member", "Thank you both. I will ask my lawyer tomorrow.")]),
    ("housing-and-work", "demo-organiser", "Free Dutch lessons in Groningen",
     "The library runs free Dutch conversation groups on Wednesday afternoons. Nobody asks about your status.",
     [("demo-member", "Is it also for beginners?"), ("demo-organiser", "Yes, there is a beginners' table.")]),
    ("health", "demo-buddy", "Sleeping badly after moving to a new centre",
     "Many of us sleep badly in the first weeks. What helps you? For me: a walk in the evening and no phone in bed.",
     [("demo-member", "Earplugs help me, the corridor is loud at night.")]),
    ("meetups-and-social", "demo-organiser", "Cooking evening: who brings what?",
     "Next cooking evening we make food from three countries. Reply with what you want to cook!",
     [("demo-member", "I can make mujaddara, it is cheap and good.")]),
    ("off-topic", "demo-member", "Music that makes you happy",
     "Share one song that makes you smile. Mine is an old Fairuz song my grandmother loved.", []),
]


def populate(members):
    """Add the categories and threads once; members is {handle: Member}."""
    with transaction():
        for position, (slug, texts) in enumerate(CATEGORIES, start=1):
            category, created = Category.get_or_create(slug=slug, defaults={"position": position})
            if created:
                for locale, (name, description) in texts.items():
                    CategoryText.create(category=category, locale=locale, name=name, description=description)
    if Thread.select().exists():
        return
    categories = {category.slug: category for category in Category.select()}
    for slug, author, title, body, replies in THREADS:
        thread = posting.create_thread(categories[slug], members[author], title, body)
        for replier, text in replies:
            posting.add_reply(thread, members[replier], text)
    with transaction():
        # the demo members are regulars: their posts have long been reviewed
        Post.update(status="visible").where(Post.status == "pending").execute()
        Thread.update(status="visible").where(Thread.status == "pending").execute()
        counters.recount_all()
    # a new member's first reply waits for review; one post has been reported
    newcomer = members["demo-newcomer"]
    welcome = Thread.get(Thread.title == THREADS[0][2])
    posting.add_reply(welcome, newcomer, "Hello everyone, I am new. Is there a meet-up in Friesland?")
    music = Thread.get(Thread.title == THREADS[5][2])
    reported = posting.add_reply(music, members["demo-buddy"], "I met someone from my home town at the cooking "
                                 "evening, he lives in the centre in Assen, room 12. Say hi to him!")
    moderating.flag_post(reported, members["demo-member"], "other", "This tells where someone lives.")
