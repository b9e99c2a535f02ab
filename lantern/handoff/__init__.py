"""Hand-off to the clinic's phone line: a connected call in opening hours, else a call-back.

Plain Python over the clinic database and the real `twilio` SDK; the Rasa form that collects
the number, consent and a good time calls `service.request_handoff`.
"""
