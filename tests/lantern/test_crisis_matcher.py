"""The deterministic crisis layer on hand-written cases (the evaluation set is kept apart)."""

import pytest

from lantern.crisis.matcher import CrisisMatcher, load_matcher, normalise


@pytest.fixture(scope="module")
def matcher() -> CrisisMatcher:
    return load_matcher()


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("i want to kill myself", "suicide"),
        ("kms", "suicide"),
        ("I’M GONNA END IT ALL TONIGHT", "suicide"),
        ("my son says he wants to end his life", "suicide"),
        ("my friend took too much and wont wake up", "overdose_now"),
        ("my chest hurts really bad after doing lines", "medical_emergency"),
        ("she is having a seizure", "medical_emergency"),
        ("my stepdad hits me", "abuse"),
        # shorthand and typos
        ("wanna kms fr", "suicide"),
        ("i wanna dye", "suicide"),
        ("im cutting rn", "self_harm"),
        ("cant breath", "medical_emergency"),
        ("im od'ing", "overdose_now"),
        # structure rather than a listed phrase
        ("i swallowed everything in the medicine cabinet", "overdose_now"),
        ("i just took like 40 of my sleeping pills", "overdose_now"),
        ("i've been stockpiling my meds", "suicide"),
        ("everyone would be happier if i was dead", "suicide"),
        ("my heart rate is 190", "medical_emergency"),
        # third person
        ("my husband is on the roof saying he will jump", "suicide"),
        ("my son overdosed and he's blue", "overdose_now"),
        ("my friend is having a fit and won't stop jerking", "medical_emergency"),
        ("the kids are left alone for days while she uses", "abuse"),
        # a question about the writer's own state is still a crisis
        ("is it normal to want to die every day?", "suicide"),
        ("why do i keep wanting to hurt myself", "self_harm"),
        ("how do i get my husband to stop hitting me", "abuse"),
        ("why do i keep thinking about killing my husband", "danger_to_others"),
        ("i don't want to live anymore", "suicide"),
        # indirect wishes, finality and means, without a listed phrase
        ("im so tired of existing", "suicide"),
        ("i'd be better off gone", "suicide"),
        ("i dont have anything left to live for", "suicide"),
        ("my brother keeps asking how many pills would be enough", "suicide"),
        ("my son is in his car in the garage and the engine is on", "suicide"),
        ("he said if i leave him he'll find me and kill me", "abuse"),
        ("my parents lock me in my room for days", "abuse"),
        ("i want to run my ex's new boyfriend over with my truck", "danger_to_others"),
        # the present beats a nearby past
        ("my dad died of an overdose when i was a kid. i want to kill myself", "suicide"),
        # a means question needs its verb, and then counts
        ("what's the easiest way to die", "suicide"),
        ("i just want the quickest way out", "suicide"),
        ("i can't go on like this", "suicide"),
        # a person, not a thing, and banging a head for real
        ("my phone is dead and i want to die", "suicide"),
        ("he keeps banging his head against the wall over and over and he's bleeding", "self_harm"),
        ("old scars on my wrist are all open again. did it after my ex called", "self_harm"),
        ("what's the easiest way that won't hurt? tonight's it", "suicide"),
        # "after i did it" is no joy
        ("after i did it everything got heavy and my breathing feels weird", "overdose_now"),
        ("she is having a seizure", "medical_emergency"),
        # "not sure if they cover it" supposes nothing
        ("not sure if they cover ketamine but i took all my pills an hour ago", "overdose_now"),
        # "since then" runs to the present: not a past marker
        (
            "my family said they're done with me. "
            "since then i keep thinking i should disappear for good",
            "suicide",
        ),
    ],
)
def test_crisis_messages_are_caught(matcher: CrisisMatcher, message: str, category: str) -> None:
    signal = matcher.detect(message)
    assert signal is not None, message
    assert signal.category == category


@pytest.mark.parametrize(
    "message",
    [
        "this craving is killing me, what helps with withdrawal",
        "i'm dying to know if you take cigna",
        "what are the signs of a cocaine overdose?",
        "my brother overdosed two years ago and is doing well now",
        # questions, topics, negations, the past, idioms
        "can ketamine make you stop breathing",
        "if someone is suicidal can they still get ketamine?",
        "do I have to answer the question about wanting to die?",
        "i'm not suicidal, i just want to stop using",
        "years ago i tried to end my life, now i'm a counselor",
        "i used to want to die every day, now i just want to stay clean",
        "my insurance is blue cross",
        # topic questions and resolved past events, in every category
        "what are warning signs of suicide",
        "how do I talk to my teen about suicide",
        "is suicide risk higher on cocaine",
        "i don't want to die",
        "I attempted years ago, doing well now",
        "i tried to end my life in 2016, i've been in therapy since and doing well",
        # idioms
        "i overdosed on netflix this weekend instead of using, progress?",
        "my boss will kill me if i'm late again, do you have a 7am slot",
        "hit me up when you have openings",
        "i'm so over this cold weather, i want to die lol jk",
        "laughed so hard i couldn't breathe",
        "i want to kill my cravings",
        "my dad says he'd kill me if he knew i used lol",
        "please cancel, i won't be around next week",
        # words that sit inside crisis patterns without being one
        "whats the best way to score some k",
        "what's the quickest way to get to your clinic from the bus station?",
        "I'd take any appointment at this point.",
        "I'm an ER nurse and we're seeing more patients ask about ketamine",
        "I'd prefer my address not be on anything you mail",
        # a past story dated by the next sentence, in a message that says it is over
        "he threatened me over money. That was 4 years ago, no contact since.",
        # idioms of things and of joy
        "my phone is on 2% and about to die so quick: yes to tuesday",
        "I GOT THE JOB!!! my heart is still racing lol in the best way",
        "shot myself in the foot by booking the dentist the same morning",
        "I'm at the end of my rope with your phone menu, can a person call me",
        "been banging my head against the wall trying to reset my portal password",
        # past stories told in many ways, in messages that say they are over
        "two christmases ago my ex choked me in front of my kids. hes in prison now and im safe",
        "My son's father pushed me down the stairs in 2019. I'm safe and so is my boy.",
        "there was a night in 2018 where i thought i was going to die. i survived obviously",
        "I was suicidal off and on all through my twenties. it's been nine good years since",
        "i used to burn myself at 16. i still have a couple of marks on my arm, will they ask?",
        # about people in general, and a story
        "what should I do if a resident tells me they've been having thoughts of suicide?",
        "what do i do if someone passes out in my car? call 911 first?",
        "I'm writing a thriller where the main character kills her abusive husband",
        "lol my wife will strangle me if i track mud in again",
        "we moved here last year What are warning signs that someone is suicidal? thanks",
        "",
        "   ",
    ],
)
def test_look_alikes_are_not(matcher: CrisisMatcher, message: str) -> None:
    assert matcher.detect(message) is None


def test_hidden_characters_and_curly_quotes_do_not_hide_a_crisis(matcher: CrisisMatcher) -> None:
    assert normalise("I\u200bM  “FINE”") == 'im "fine"'
    assert matcher.detect("i wan\u200bt to kill my\u200bself") is not None


def test_a_present_emergency_after_a_resolved_past_one_still_counts(matcher: CrisisMatcher) -> None:
    message = "he overdosed years ago and is fine now but tonight he took too much and wont wake up"
    assert matcher.detect(message) is not None


@pytest.mark.parametrize(
    "text",
    [
        "saying goodbye to everyone in group thursday, im moving to chicago for grad school",
        "this is my last message before i switch clinics for insurance reasons. thank you",
        "finally ended it with my ex, he was always the one with the connect",
        "my heart stopped when i saw the bill from the er lol",
        "i swear the universe is trying to kill me today, can someone resend the link",
        "sat through a meeting that should have been an email",
        "i would kill somebody for an iced oat latte right now lol",
        "i never want to see another brunch order again",
        "going to sleep now, thanks for answering all my questions",
    ],
)
def test_ordinary_farewells_and_figures_of_speech_are_not_crises(
    matcher: CrisisMatcher, text: str
) -> None:
    assert matcher.detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "people think im moving back home. im not. i gave away all my things. this is goodbye",
        "this is my goodbye. i have the pills and nobody will miss me",
        "i should never have been born",
        "dont wanna see another sunrise honestly",
        "my husband's heart stopped and he is not breathing",
    ],
)
def test_finality_still_counts_without_an_ordinary_reason(
    matcher: CrisisMatcher, text: str
) -> None:
    assert matcher.detect(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        # someone else foretelling what will happen to the writer
        "my dad keeps telling everyone im gonna die if i dont stop, can i get the price list",
        "my grandma says ill die young from all this, shes old school. do you do payment plans",
        # a fear or a perception that passed
        "after the race i honestly thought i was going to die lol but i finished",
        "at one point in the session i thought i couldnt breathe but my oxygen was fine",
        "i was scared i'd hurt myself falling off the recliner but the nurse was right there",
        "during the trip i felt like someone was trying to hurt me, then it faded",
        # an anniversary, and "again" dated in the past
        "three years ago tonight i overdosed at a party. now im clean and grateful",
        "my sister overdosed again back in 2016 but shes been sober since",
        # a dream or a vision, a thing that gives up, how to talk about it
        "in my session i had a vision where i was at my own funeral and it felt peaceful",
        "the sessions felt like dying and being reborn, in a good way",
        "my air conditioner gave up on life in this heat",
        "my laptop had a seizure halfway through the upload",
        "can you recommend a book on how to talk about suicide with teens",
        # people in general, anger as a possibility, news that lands
        "i saw a video from a guy who od'd and became a nurse",
        "i could kill my roommate for finishing the milk again lol",
        "it still hits me sometimes when i walk past that bar",
        "this heat wave is trying to kill me, is the waiting room cool",
        "please ignore my last message, wrong chat",
        "her brother-in-law had a seizure last christmas, does that run in families",
    ],
)
def test_reported_past_and_figurative_lookalikes_are_not_crises(
    matcher: CrisisMatcher, text: str
) -> None:
    assert matcher.detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "my son says he wants to end his life",
        "my girlfriend says im slurring and my face is numb on one side",
        "hearing someone telling me to hurt my roommate",
        "i felt like i wanted to die all week and i still do",
        "i could literally kill my neighbor, i've got my hammer and i'm going over there",
        "my daughter has been searching how many pills it takes to kill someone",
        "my teen searched how to kill herself",
        "i overdosed again tonight and my chest is tight",
        "planning my own death, got a date picked",
        "taking the rest of my pills tonight so the paperwork needs to be done",
        "staring at the ceiling fan wondering if it will hold me",
        "i have a plan, a method and a time",
        "the sooner im gone the sooner they can heal",
    ],
)
def test_crises_told_near_those_constructions_still_count(
    matcher: CrisisMatcher, text: str
) -> None:
    assert matcher.detect(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "everyone at the party acted like he was going to die. he's totally fine now",
        "if i feel like im dying during the infusion, can the nurse stop it?",
        "my heart was pounding at first, then it settled and the nurse said my vitals were fine",
        "i od'd like 2 yrs ago and ended up in the er but im good now",
        "my son overdosed in january and spent a week in the icu, he is doing well now",
        "could someone shoot me a text when the doctor is running late",
        "i've been using coke on my days off, does insurance cover this",
        "my doctor says cocaine is russian roulette at my age. i take his point.",
        "how do u even know if ur friend is overdosing vs just super high",
    ],
)
def test_past_passing_and_hypothetical_lookalikes_are_not_crises(
    matcher: CrisisMatcher, text: str
) -> None:
    assert matcher.detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "now i'm sitting on the roof of my dorm. it's too late now",
        "the way i see it i'm worth more to them dead",
        "i drank a whole jug of antifreeze ten minutes ago",
        "its my last nite. thx 4 trying",
        "this is my last night, thank you for trying",
        "i've got the charcoal and the tape for the windows",
        "I'm in my closet with a belt. I just needed to tell someone",
        "lol jk unless 👀 the cord's already hanging in my closet",
        "i'm telling you so that somebody finds me before my kids do",
        "i booked a room so my family won't be the ones to find me",
        "this is the last text ill send from this phone",
        "i consumed the entirety of my prescribed medication half an hour ago",
    ],
)
def test_finality_told_plainly_counts(matcher: CrisisMatcher, text: str) -> None:
    assert matcher.detect(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "this is my last night shift before vacation",
        "tonight is my last night in denver before we move",
        "my cat was sitting on the roof of the garage again lol",
    ],
)
def test_ordinary_last_nights_are_not_crises(matcher: CrisisMatcher, text: str) -> None:
    assert matcher.detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "sometimes i feel a fluttering in my chest, is ketamine ok with benign pvcs",
        "after my session i had a racing heart for twenty minutes. today im back to normal",
        "my heart was pounding in the session. the nurse said everything was fine",
        "hey quick q is chest pain after a coke binge always a heart attack",
        "some people feel like they're having a heart attack during the dissociation, is that true",
        "the last place asked me if i was suicidal in front of the whole waiting room",
        "how do i help a friend who might be thinking about suicide",
        "what should i do if i ever feel like killing myself again?",
        "i had a seizure once years ago, would that keep me out of ketamine therapy?",
        "i'm worried i'd panic and hurt myself by accident during the dissociation",
        "the last time i came off coke, like a year ago, i kind of wanted to die for a few days",
        "in my old life i od'd three times. this week i get my 18 month chip",
        "i bought a gun safe for my dad's old hunting rifle",
        "my daughter stabbed her way to second place at her fencing tournament",
        "i think i drowned my basil plant with too much water",
    ],
)
def test_questions_and_symptoms_that_passed_are_not_crises(
    matcher: CrisisMatcher, text: str
) -> None:
    assert matcher.detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "he told me if i ever tell my therapist about him he'll kill me",
        "my chest hurts right now and sometimes it spreads to my arm",
        "what do i do, i feel like killing myself again",
        "i wanted to die last night and i still do",
    ],
)
def test_threats_and_present_feelings_near_those_words_still_count(
    matcher: CrisisMatcher, text: str
) -> None:
    assert matcher.detect(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "the portal is a nightmare, i want to throw my laptop out the window",
        "can i get the first appt of the day on monday",
        "are thoughts of hurting yourself a known side effect after a session?",
    ],
)
def test_things_and_people_in_general_are_not_crises(matcher: CrisisMatcher, text: str) -> None:
    assert matcher.detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "i want to throw my baby against the wall, she won't stop crying",
        "is it normal to have thoughts of hurting myself every night?",
    ],
)
def test_a_person_and_the_writer_still_count(matcher: CrisisMatcher, text: str) -> None:
    assert matcher.detect(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "i overdosed last march, been clean since june. do you take new patients?",
        "back in college i had a seizure at a party and my roommate called 911. im 29 now and want "
        "to quit for good",
        "i was in an abusive relationship for 6 yrs, he controlled the money. i got out in 2018 "
        "and we have zero contact",
        "a year ago i was texting this line at 2am wanting to die. today i got my 1 year chip",
        "my partner got out of hospital yesterday after chest pains, doctors said no heart damage. "
        "can he book this week?",
        "the cravings still hit her on weekends, can she start next month?",
        "dad died in june. at the funeral his NA friends told stories and it kind of shook me "
        "awake. how do i start?",
        "my grandpa passed away last month, the funeral is saturday and i got to say goodbye. can "
        "we move my session?",
        "im a case manager at a domestic violence shelter, do you take referrals?",
        "We see a lot of chest pain calls on weekend shifts, do you have pamphlets?",
        "if i tell the therapist about past self-harm does that go to my employer?",
        "Can ketamine cause a stroke? I'm paranoid about family history.",
        "I'm tired of living a double life, can I come in without my family knowing?",
        "can't go on thursday, can i go friday instead",
        "the exterminator is putting down poison so ill do telehealth from my sisters place",
        "my cat is trying to kill me, she knocked my pill bottle under the fridge",
    ],
)
def test_histories_asides_and_topics_are_not_crises(matcher: CrisisMatcher, text: str) -> None:
    assert matcher.detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "I had a heart attack in 2021. I used tonight for the first time since then and the chest "
        "tightness is back",
        "the hospital sent me home yesterday but the chest pain is back and way worse",
        "he beat me for 6 years. i got out in 2018 but tonight he found me and hit me again",
        "i overdosed last march and i just took way too much again, my lips are blue",
        "a year ago i tried to kill myself and tonight i want to do it again",
        "back in college i overdosed and right now my friend is not breathing",
        "did a bunch at 11 and now i cant really feel my hands",
        "the urge to kill myself hits me every night",
        "i can't go on like this anymore",
        "ive been saving up my pills and ive decided this weekend is it.",
        "i have a plan and im running out of reasons not to",
    ],
)
def test_crises_beside_a_history_or_an_aside_still_count(matcher: CrisisMatcher, text: str) -> None:
    assert matcher.detect(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "these prices are slitting my throat, is there a sliding scale?",
        "I'd jump off a bridge before I'd go back to that other clinic lol, do you run on time?",
        "gun to my head i could not tell you my member id, can i use my DOB?",
        "like i faint at blood draws, is there a nasal option?",
        "Took two Advil and the headache was gone in an hour. Is that a blood pressure thing?",
        "my sister will literally kill me if i'm not there, can i travel 2 days after?",
        "the voicemail said to call 911 for emergencies, do you have a 24/7 line?",
        "During my first session my chest felt heavy and I panicked. The nurse showed me the "
        "oxygen reading was 98%. Is that common?",
        "I keep imagining having a heart attack in the chair, my EKG was normal. Any tips?",
        "How do you handle it if a patient freaks out, or says they're going to hurt themselves?",
        "my husbands face went numb on one side yesterday, ER said bells palsy not a stroke. can "
        "he still start?",
        "this is the last time youll hear from me on this number, switching carriers",
        "will the ketamine bring my old suicidal thoughts back? I've been stable for 3 years",
        "He said it was 'like dying but peaceful' and he's doing great since",
        "I'm at the bridge club with my mom, can we text to reschedule",
        "used at my cousins wedding, mixed it with way too much prosecco. fine otherwise",
        "im a nurse and i only use on my 4 days off, never near a shift",
        "i lied my way through the whole last program and it felt pointless.",
    ],
)
def test_asides_and_session_experiences_are_not_crises(matcher: CrisisMatcher, text: str) -> None:
    assert matcher.detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "gonna take the whole bottle tonight and be done with it",
        "tell rosie goodbye from me",
        "got my dads old revolver in my lap",
        "my lips and throat are swelling up and its getting hard to swallow",
        "im on the bridge by the river",
        "if you hear i crashed my bike tomorrow it wasnt an accident",
        "next time he does im breaking his jaw in the parking lot",
        "my left side feels weird and my words are coming out wrong",
        "what do i do if someone says they want to die? my brother just told me he's going to "
        "kill himself tonight",
        "if anyone reads this, i'm going to kill myself tonight?",
        "the ER said it wasn't a stroke last week but tonight my face is numb on one side again",
        "the prices are killing me and honestly i want to slit my wrists",
        "i used the glass on my arms, its dripping on the carpet",
        "he said he'd point the gun at my head if i left",
        "everything feels pointless.",
    ],
)
def test_crises_told_plainly_or_among_questions_count(matcher: CrisisMatcher, text: str) -> None:
    assert matcher.detect(text) is not None
